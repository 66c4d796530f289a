/**
 * Checks on a Service, each about one property, so a learner sees exactly what is right and
 * what is not: its type, its port, and where its targetPort leads. Selection and endpoints are
 * in selector.ts and endpoints.ts. They judge the outcome, so `kubectl expose` passes as well
 * as YAML.
 */
import type { CheckContext, CheckOutcome, V1Pod, V1Service } from '../index.js';
import { plural } from './format.js';
import { type Found, found, missing } from './found.js';
import { isActive, podName } from './pods.js';

type ServicePort = NonNullable<NonNullable<V1Service['spec']>['ports']>[number];

/** The Service in the lab namespace; absent: says whether it was created in another namespace. */
export async function findService(ctx: CheckContext, name: string): Promise<Found<V1Service>> {
  const service = await ctx.get('Service', name);
  if (service) return found(service);
  const elsewhere = (await ctx.list('Service', { namespace: '*' }))
    .filter((other) => other.metadata?.name === name && other.metadata.namespace !== ctx.namespace)
    .map((other) => other.metadata?.namespace ?? '?');
  if (elsewhere.length > 0) {
    return missing(
      ctx.fail(
        `There is no Service ${name} in namespace ${ctx.namespace}; there is one in ${elsewhere.join(', ')}. ` +
          `A Service only selects pods in its own namespace.`,
        `Create it with -n ${ctx.namespace} (or metadata.namespace: ${ctx.namespace}) and delete the stray one: ` +
          `kubectl delete service ${name} -n ${elsewhere[0]}`,
      ),
    );
  }
  return missing(ctx.fail(`There is no Service named ${name} in namespace ${ctx.namespace} yet.`));
}

const typeNotes: Record<string, string> = {
  NodePort: 'NodePort also opens a port on every node, so it reaches beyond the cluster',
  LoadBalancer: 'LoadBalancer asks for an external load balancer on top of a NodePort',
  ExternalName: 'ExternalName is only a DNS alias: it has no cluster IP and selects no pods',
};

/** Passes when the Service has the given type (and, for ClusterIP, a real cluster IP). */
export async function serviceTypeIs(
  ctx: CheckContext,
  name: string,
  type: 'ClusterIP' | 'NodePort',
): Promise<CheckOutcome> {
  const lookup = await findService(ctx, name);
  if (!lookup.ok) return lookup.outcome;
  const service = lookup.value;
  const actual = service.spec?.type ?? 'ClusterIP';
  const clusterIP = service.spec?.clusterIP;
  if (actual !== type) {
    const note = typeNotes[actual] ? ` ${typeNotes[actual]}.` : '';
    return ctx.fail(
      `${name} is of type ${actual}; this step asks for ${type}.${note}`,
      type === 'ClusterIP'
        ? 'Set spec.type: ClusterIP, or leave type out: ClusterIP is the default.'
        : `Set spec.type: ${type} (kubectl expose takes --type=${type}).`,
    );
  }
  if (clusterIP === 'None') {
    return ctx.fail(
      `${name} is headless (clusterIP: None): it has no virtual IP to share between its pods.`,
      'Remove clusterIP: None. A Service cannot be changed to or from headless in place: delete it and create it again.',
    );
  }
  const nodePorts = (service.spec?.ports ?? []).map((port) => port.nodePort).filter((port) => port !== undefined);
  const extra = type === 'NodePort' && nodePorts.length > 0 ? ` and node port ${nodePorts.join(', ')}` : '';
  return ctx.pass(`${name} is a ${type} Service with cluster IP ${clusterIP ?? '(not yet assigned)'}${extra}.`);
}

const portsText = (ports: readonly ServicePort[]): string =>
  ports.map((port) => `${port.port}${port.targetPort !== undefined ? `->${port.targetPort}` : ''}`).join(', ') ||
  'none';

/** Passes when the Service listens on `port`. */
export async function servicePortIs(ctx: CheckContext, name: string, port: number): Promise<CheckOutcome> {
  const lookup = await findService(ctx, name);
  if (!lookup.ok) return lookup.outcome;
  const ports = lookup.value.spec?.ports ?? [];
  if (ports.some((entry) => entry.port === port)) return ctx.pass(`${name} listens on port ${port}.`);
  return ctx.fail(
    `${name} listens on port ${ports.map((entry) => entry.port).join(', ') || 'nothing'}; clients expect port ${port}.`,
    `spec.ports[].port is the port clients use on the Service: set it to ${port}.`,
  );
}

/**
 * Where a targetPort (number or port name) leads in this pod, judged from its spec: the declared
 * containerPort it names; for a number, "unverified" when the containers declare no port at all
 * (declaring ports is optional, so the spec cannot tell); undefined when it matches nothing.
 */
export function resolveTargetPort(pod: V1Pod, targetPort: number | string): number | 'unverified' | undefined {
  const declared = (pod.spec?.containers ?? []).flatMap((container) => container.ports ?? []);
  const asNumber =
    typeof targetPort === 'number' ? targetPort : /^\d+$/.test(targetPort) ? Number(targetPort) : undefined;
  if (asNumber === undefined) return declared.find((port) => port.name === targetPort)?.containerPort;
  if (declared.length === 0) return 'unverified';
  return declared.some((port) => port.containerPort === asNumber) ? asNumber : undefined;
}

const declaredPorts = (pod: V1Pod): string =>
  (pod.spec?.containers ?? [])
    .flatMap((container) => container.ports ?? [])
    .map((port) => (port.name ? `${port.containerPort} (named ${port.name})` : `${port.containerPort}`))
    .join(', ') || 'no declared port';

/**
 * Passes when the targetPort of the Service port `port` leads to a port the selected containers
 * declare. A targetPort left out defaults to the port, which is wrong when the two differ. A
 * number passes unverified when the containers declare no ports; a name must match one.
 */
export async function targetPortReaches(ctx: CheckContext, name: string, port: number): Promise<CheckOutcome> {
  const lookup = await findService(ctx, name);
  if (!lookup.ok) return lookup.outcome;
  const service = lookup.value;
  const entry = (service.spec?.ports ?? []).find((candidate) => candidate.port === port);
  if (!entry) {
    return ctx.fail(
      `${name} has no port ${port} (its ports: ${portsText(service.spec?.ports ?? [])}), so its targetPort cannot be judged yet.`,
    );
  }
  const targetPort = entry.targetPort ?? port;
  const pods = (await ctx.podsSelectedBy(service)).filter(isActive);
  if (pods.length === 0) {
    return ctx.fail(
      `${name} selects no pods yet, so its targetPort ${targetPort} leads nowhere. Fix the selector first.`,
    );
  }
  const wrong = pods.filter((pod) => resolveTargetPort(pod, targetPort) === undefined);
  if (wrong.length > 0) {
    const example = wrong[0]!;
    return ctx.fail(
      `targetPort ${targetPort} does not match the containers: ${podName(example)} listens on ${declaredPorts(example)}.`,
      `targetPort is the port inside the pods (their containerPort); port is what clients call. ` +
        `Set targetPort to the containerPort or its name.`,
    );
  }
  const reached = pods.map((pod) => resolveTargetPort(pod, targetPort));
  if (reached.includes('unverified')) {
    return ctx.pass(
      `Port ${port} forwards to targetPort ${targetPort}. The selected containers declare no ports, so whether they ` +
        `listen on ${targetPort} could not be verified from the spec.`,
    );
  }
  return ctx.pass(
    `Port ${port} forwards to targetPort ${targetPort}, containerPort ${reached[0]} in the ${plural(pods.length, 'selected pod')}.`,
  );
}

/** The selector of a Service as key=value strings, for questions. */
export const selectorList = (service: V1Service): string[] =>
  Object.entries(service.spec?.selector ?? {}).map(([key, value]) => `${key}=${value}`);
