/**
 * A CheckContext over the fake cluster and network, with the same rules as the real one: reads
 * default to the lab namespace ('*' means all), exec and HTTP need 'data-plane', and
 * `eventually` makes a single attempt (the fake cluster is settled the moment it is read).
 */
import type { CheckContext, CheckOutcome, EndpointAddress, Need } from 'k8s-labs/sdk';
import type { FakeCluster } from './fakeCluster.js';
import { FakeNetwork } from './fakeNetwork.js';

export interface FakeContextOptions {
  namespace: string;
  needs?: readonly Need[];
  vars?: Record<string, string>;
}

export function fakeContext(cluster: FakeCluster, options: FakeContextOptions): CheckContext {
  const { namespace } = options;
  const network = new FakeNetwork(cluster);
  const needs = options.needs ?? ['api'];
  const scope = (asked: string | undefined): string | undefined => (asked === '*' ? undefined : (asked ?? namespace));

  const requireDataPlane = (what: string): void => {
    if (!needs.includes('data-plane'))
      throw new Error(`the checker uses ${what} but does not declare needs: ['data-plane']`);
  };
  const runningPod = (name: string, inNamespace?: string) => {
    const pod = cluster.get('Pod', name, inNamespace ?? namespace);
    // The real exec fails the same way: the API refuses to exec into a pod that is not running.
    if (!pod || pod.status?.phase !== 'Running') throw new Error(`pod ${name} is not running`);
    return pod;
  };

  const context: CheckContext = {
    namespace,
    params: {},
    vars: { namespace, ...options.vars },
    signal: new AbortController().signal,
    async get(kind, name, inNamespace) {
      return cluster.get(kind, name, inNamespace ?? namespace);
    },
    async list(kind, listOptions = {}) {
      return cluster.list(kind, scope(listOptions.namespace), listOptions.labelSelector);
    },
    async podsSelectedBy(service) {
      const selector = Object.entries(service.spec?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return selector ? cluster.list('Pod', service.metadata?.namespace ?? namespace, selector) : [];
    },
    async endpointsOf(serviceName, inNamespace) {
      const slices = cluster.list(
        'EndpointSlice',
        inNamespace ?? namespace,
        `kubernetes.io/service-name=${serviceName}`,
      );
      return slices.flatMap((slice) =>
        (slice.endpoints ?? []).map((endpoint): EndpointAddress => ({
          ip: endpoint.addresses[0]!,
          ready: endpoint.conditions?.ready !== false,
          ...(endpoint.targetRef?.name ? { podName: endpoint.targetRef.name } : {}),
          ...(slice.ports?.[0]?.port !== undefined ? { port: slice.ports[0].port } : {}),
        })),
      );
    },
    async exec(pod, command, execOptions = {}) {
      requireDataPlane('exec');
      return network.exec(runningPod(pod, execOptions.namespace), command);
    },
    async httpGet(fromPod, url, httpOptions = {}) {
      requireDataPlane('httpGet');
      return network.httpGet(runningPod(fromPod, httpOptions.namespace), url);
    },
    async eventually(attempt) {
      return attempt();
    },
    pass: (message): CheckOutcome => ({ passed: true, message }),
    fail: (message, hint): CheckOutcome =>
      hint === undefined ? { passed: false, message } : { passed: false, message, hint },
  };
  return context;
}
