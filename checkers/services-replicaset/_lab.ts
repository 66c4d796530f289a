/** The go-demo-2 app of this lab: a database and an API in separate ReplicaSets. */
import type { CheckContext, V1ReplicaSet, V1Service } from 'k8s-labs/sdk';
import type { Backing } from '../_lib/_endpoints.js';
import type { IntendedPods } from '../_lib/_selector.js';

export const DB = {
  replicaSet: 'go-demo-2-db',
  service: 'go-demo-2-db',
  port: 27017,
  pods: { labels: 'type=db,service=go-demo-2', what: 'database pods', count: 1 } satisfies IntendedPods,
};

export const API = {
  replicaSet: 'go-demo-2-api',
  service: 'go-demo-2-api',
  port: 8080,
  replicas: 3,
  pods: { labels: 'type=api,service=go-demo-2', what: 'API pods', count: 3 } satisfies IntendedPods,
};

export const backing = (replicaSet: string): Backing => ({ kind: 'ReplicaSet', name: replicaSet });

/** The value of the API's DB variable, which tells it where the database is. */
export function dbSetting(replicaSet: V1ReplicaSet | undefined): string | undefined {
  const containers = replicaSet?.spec?.template?.spec?.containers ?? [];
  return containers.flatMap((container) => container.env ?? []).find((env) => env.name === 'DB')?.value;
}

/** The names by which pods of namespace `ns` can reach the database Service. */
export const dbServiceNames = (ns: string): string[] => [
  DB.service,
  `${DB.service}.${ns}`,
  `${DB.service}.${ns}.svc`,
  `${DB.service}.${ns}.svc.cluster.local`,
];

/** A Service that questions are about; reading it fails loudly when it is missing. */
export async function serviceFor(ctx: CheckContext, name: string): Promise<V1Service> {
  const service = await ctx.get('Service', name);
  if (!service) throw new Error(`there is no Service ${name} in namespace ${ctx.namespace}`);
  return service;
}
