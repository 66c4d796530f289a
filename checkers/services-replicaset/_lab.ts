/** The go-demo-2 app of this lab: a database and an API in separate ReplicaSets. */
import type { Backing, CheckContext, IntendedPods, V1Pod, V1Service } from 'k8s-labs/sdk';

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

/** The value of the API's DB variable in a pod spec (a pod's or a template's): where the database is. */
export function dbSetting(spec: V1Pod['spec']): string | undefined {
  return (spec?.containers ?? []).flatMap((container) => container.env ?? []).find((env) => env.name === 'DB')?.value;
}

/** MongoDB's port: what the API connects to when DB names no port. */
export const MONGO_DEFAULT_PORT = 27017;

/** Host and port the API connects to for a DB setting such as "go-demo-2-db" or "10.0.0.7:27018". */
export function dbAddress(setting: string): { host: string; port: number } {
  const match = /^(.*?)(?::(\d+))?$/.exec(setting.trim())!;
  return { host: match[1]!, port: match[2] === undefined ? MONGO_DEFAULT_PORT : Number(match[2]) };
}

/** The names by which pods of namespace `ns` can reach the database Service. */
export const dbServiceNames = (ns: string): string[] => [
  DB.service,
  `${DB.service}.${ns}`,
  `${DB.service}.${ns}.svc`,
  `${DB.service}.${ns}.svc.cluster.local`,
];

/** A Service that questions are about; undefined while it does not exist. */
export async function serviceFor(ctx: CheckContext, name: string): Promise<V1Service | undefined> {
  return ctx.get('Service', name);
}
