/**
 * When is the state `labs test` applied settled? Pods Ready or failed (and none terminating),
 * Deployments and ReplicaSets done with what their spec asks (or stalled on failing pods), and
 * each selecting Service's EndpointSlices listing exactly its ready pods. Graded before that, a
 * check sees a transient state (a stray pod not yet Ready takes no traffic), and its verdict
 * depends on the machine's load.
 */
import { setMaxListeners } from 'node:events';
import type { V1Deployment, V1EndpointSlice, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { SettledState, SettleProbe } from '../grading/types.js';
import type { ClusterReader } from '../ports.js';
import { sleep } from '../sleep.js';

export interface NamespaceState {
  pods: V1Pod[];
  services: V1Service[];
  slices: V1EndpointSlice[];
  deployments: V1Deployment[];
  replicaSets: V1ReplicaSet[];
}

/** Waiting reasons of a container that will not start by itself: its pod has failed, for our purpose. */
const FAILING_REASONS = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);
/** Kubernetes' default readiness probe period. */
const DEFAULT_PERIOD_S = 10;

const isReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

/** Why the pod is still on its way, or undefined when it is Ready or has failed for good. */
function podPending(pod: V1Pod, now: number): string | undefined {
  const name = `pod ${pod.metadata?.name ?? '?'}`;
  if (pod.metadata?.deletionTimestamp) return `${name} is terminating`;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  if (isReady(pod)) return undefined;
  const unschedulable = pod.status?.conditions?.some(
    (condition) =>
      condition.type === 'PodScheduled' && condition.status === 'False' && condition.reason === 'Unschedulable',
  );
  if (unschedulable) return undefined;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  if (statuses.some((status) => FAILING_REASONS.has(status.state?.waiting?.reason ?? ''))) return undefined;
  // Running but not Ready: settled once its readiness probe has had a chance to say so.
  const containers = pod.spec?.containers ?? [];
  const running = pod.status?.containerStatuses ?? [];
  if (phase === 'Running' && running.length === containers.length) {
    const probedLongEnough = running.every((status) => {
      if (status.ready) return true;
      const started = status.state?.running?.startedAt;
      const probe = containers.find((container) => container.name === status.name)?.readinessProbe;
      if (!started || !probe) return false;
      const waitS = (probe.initialDelaySeconds ?? 0) + (probe.periodSeconds ?? DEFAULT_PERIOD_S) + 1;
      return now - new Date(started).getTime() >= waitS * 1000;
    });
    if (probedLongEnough) return undefined;
  }
  return `${name} is not Ready yet (${phase ?? 'no phase'})`;
}

const matches = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined) =>
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

function servicePending(service: V1Service, state: NamespaceState): string | undefined {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') return undefined;
  const name = service.metadata?.name ?? '?';
  const publishAll = service.spec?.publishNotReadyAddresses === true;
  const want = new Set(
    state.pods
      .filter((pod) => !pod.metadata?.deletionTimestamp && pod.status?.podIP && matches(selector, pod.metadata?.labels))
      .filter((pod) => publishAll || isReady(pod))
      .map((pod) => pod.status!.podIP!),
  );
  const have = new Set(
    state.slices
      .filter((slice) => slice.metadata?.labels?.['kubernetes.io/service-name'] === name)
      .flatMap((slice) => slice.endpoints ?? [])
      .filter((endpoint) => endpoint.conditions?.ready !== false)
      .flatMap((endpoint) => endpoint.addresses),
  );
  const same = want.size === have.size && [...want].every((ip) => have.has(ip));
  return same ? undefined : `EndpointSlices of service ${name} list ${have.size} ready pods, ${want.size} are ready`;
}

function replicaSetPending(set: V1ReplicaSet): string | undefined {
  const name = `replicaset ${set.metadata?.name ?? '?'}`;
  if ((set.status?.observedGeneration ?? 0) < (set.metadata?.generation ?? 0)) return `${name} is not observed yet`;
  if ((set.status?.replicas ?? 0) !== (set.spec?.replicas ?? 1)) return `${name} is scaling`;
  return undefined;
}

function deploymentPending(deployment: V1Deployment, others: readonly string[]): string | undefined {
  const name = `deployment ${deployment.metadata?.name ?? '?'}`;
  const status = deployment.status ?? {};
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) return `${name} is not observed yet`;
  const want = deployment.spec?.replicas ?? 1;
  if (want === 0) return (status.replicas ?? 0) > 0 ? `${name} is scaling down` : undefined;
  const done = status.updatedReplicas === want && status.replicas === want && (status.availableReplicas ?? 0) === want;
  if (done) return undefined;
  // A rollout stalled on pods that failed is as far as it gets; one waiting on pods still starting is not.
  return others.length === 0 ? undefined : `${name} is rolling out`;
}

/** What in one namespace is still converging; empty when it has settled. */
export function pendingIn(state: NamespaceState, now: number): string[] {
  const pods = state.pods.flatMap((pod) => podPending(pod, now) ?? []);
  const sets = state.replicaSets.flatMap((set) => replicaSetPending(set) ?? []);
  const below = [...pods, ...sets];
  return [
    ...below,
    ...state.deployments.flatMap((deployment) => deploymentPending(deployment, below) ?? []),
    ...state.services.flatMap((service) => servicePending(service, state) ?? []),
  ];
}

/** Identity of what was read: a change anywhere changes it. */
function fingerprint(states: readonly NamespaceState[]): string {
  return states
    .flatMap((state) =>
      [...state.pods, ...state.services, ...state.slices, ...state.deployments, ...state.replicaSets].map(
        (object) => `${object.metadata?.uid ?? ''}@${object.metadata?.resourceVersion ?? ''}`,
      ),
    )
    .sort()
    .join(',');
}

export interface SettleTracker {
  /** The state now (reads shared with callers asking within a few milliseconds). */
  probe: SettleProbe;
  /** Waits until settled or `timeoutMs` passes; returns the last state seen. */
  waitSettled(timeoutMs: number, signal?: AbortSignal): Promise<SettledState>;
  /**
   * The run has just changed the state (applied or deleted something): no answer read before now
   * is reused, not even one still in flight, or a grading right after a quick change would judge
   * the state before it as settled.
   */
  changed(): void;
}

export interface SettleTrackerOptions {
  reader: ClusterReader;
  /** The namespaces to watch settle; asked on every probe (they change when a run moves on). */
  namespaces: () => readonly string[];
  now?: () => number;
  /** How long a probe's answer is reused. */
  reuseMs?: number;
  intervalMs?: number;
}

export function createSettleTracker(options: SettleTrackerOptions): SettleTracker {
  const { reader } = options;
  const now = options.now ?? Date.now;
  const reuseMs = options.reuseMs ?? 150;
  const intervalMs = options.intervalMs ?? 200;
  /** Bumped by every change the run makes: an answer read in an earlier epoch is stale. */
  let epoch = 0;
  let last: { at: number; epoch: number; state: SettledState; print: string; namespaces: string } | undefined;
  let inFlight: { epoch: number; read: Promise<SettledState> } | undefined;

  const read = async (outer?: AbortSignal): Promise<SettledState> => {
    const readEpoch = epoch;
    const namespaces = options.namespaces();
    // One listener on the caller's signal, however many reads hang off it.
    const own = new AbortController();
    setMaxListeners(namespaces.length * 5 + 5, own.signal);
    const stop = (): void => own.abort(outer?.reason);
    outer?.addEventListener('abort', stop, { once: true });
    const signal = own.signal;
    const states = await Promise.all(
      namespaces.map(async (namespace): Promise<NamespaceState> => {
        const scope = { namespace };
        const [pods, services, slices, deployments, replicaSets] = await Promise.all([
          reader.list('Pod', scope, signal),
          reader.list('Service', scope, signal),
          reader.list('EndpointSlice', scope, signal),
          reader.list('Deployment', scope, signal),
          reader.list('ReplicaSet', scope, signal),
        ]);
        return { pods, services, slices, deployments, replicaSets };
      }),
    );
    outer?.removeEventListener('abort', stop);
    const at = now();
    const pending = states.flatMap((state, index) =>
      pendingIn(state, at).map((reason) => `${reason} in ${namespaces[index]}`),
    );
    const print = fingerprint(states);
    const key = namespaces.join(',');
    const settled = pending.length === 0;
    // "since" is when this exact settled state was first seen: a change restarts it.
    const since =
      settled && last?.state.settled && last.print === print && last.namespaces === key ? last.state.since : at;
    const state: SettledState = { settled, since, pending };
    // A read from before a change that ends after a newer one does not replace it.
    if (readEpoch >= (last?.epoch ?? -1)) last = { at, epoch: readEpoch, state, print, namespaces: key };
    return state;
  };

  const probe: SettleProbe = (signal) => {
    if (last?.epoch === epoch && now() - last.at < reuseMs && last.namespaces === options.namespaces().join(','))
      return Promise.resolve(last.state);
    if (inFlight?.epoch !== epoch) {
      const started = { epoch, read: read(signal) };
      started.read
        .finally(() => {
          if (inFlight === started) inFlight = undefined;
        })
        .catch(() => undefined);
      inFlight = started;
    }
    return inFlight.read;
  };

  return {
    probe,
    changed: () => void epoch++,
    async waitSettled(timeoutMs, signal) {
      const until = now() + timeoutMs;
      for (;;) {
        const state = await probe(signal);
        if (state.settled || now() >= until || signal?.aborted) return state;
        await sleep(intervalMs, signal);
      }
    },
  };
}
