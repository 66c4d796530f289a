/**
 * The CheckContext a checker receives: typed reads through the ClusterReader (recorded, so watch
 * mode knows what to watch), exec and HTTP through PodExec, and waiting for eventual state.
 */
import type { CheckContext, CheckOutcome, EndpointAddress, Need } from '../../sdk/index.js';
import { KINDS, type KindName } from '../kinds.js';
import type { ClusterReader, ListOptions, PodExec, WatchTarget } from '../ports.js';
import { httpProbeCommand, parseHttpProbe } from './httpProbe.js';
import { sleep } from '../sleep.js';
import type { SettleProbe } from './types.js';

/** The kinds and namespaces read during one grading run. */
export class ReadLog {
  private readonly seen = new Map<string, WatchTarget>();

  add(kind: KindName, namespace: string | undefined): void {
    const scoped = KINDS[kind].namespaced ? namespace : undefined;
    const key = `${kind}/${scoped ?? '*'}`;
    if (!this.seen.has(key)) this.seen.set(key, scoped === undefined ? { kind } : { kind, namespace: scoped });
  }

  targets(): WatchTarget[] {
    return [...this.seen.values()];
  }
}

/**
 * Reads shared by the checks of one grading run: identical requests in flight at the same time
 * go to the API server once (six checks that each get the same Service cost one round trip).
 * Nothing is kept after a response, so a check that waits and reads again sees fresh state.
 * Every caller gets its own copy, so a checker that edits an object cannot affect another.
 */
export function sharedReads(reader: ClusterReader, signal?: AbortSignal): ClusterReader {
  const inFlight = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let pending = inFlight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending.then((value) => structuredClone(value));
  };
  return {
    target: reader.target,
    get: (kind, name, namespace) =>
      once(`get\0${kind}\0${namespace ?? ''}\0${name}`, () => reader.get(kind, name, namespace, signal)),
    list: (kind, options = {}) =>
      once(`list\0${kind}\0${options.namespace ?? '*'}\0${options.labelSelector ?? ''}`, () =>
        reader.list(kind, options, signal),
      ),
    watch: (targets, onEvent, watchSignal) => reader.watch(targets, onEvent, watchSignal),
  };
}

/** Thrown when a checker uses the context in a way its declaration does not allow. */
export class CheckerMistake extends Error {
  override readonly name = 'CheckerMistake';
}

export interface CheckContextOptions {
  reader: ClusterReader;
  podExec: PodExec;
  vars: Readonly<Record<string, string>>;
  /** The check's resolved params; none by default. */
  params?: Readonly<Record<string, string | number | boolean>>;
  signal: AbortSignal;
  /** Epoch ms when the check's time is up. */
  deadline: number;
  needs: readonly Need[];
  reads: ReadLog;
  /** False: `eventually` makes one attempt. */
  wait: boolean;
  /** When given, `eventually` passes only on a settled state. */
  settle?: SettleProbe;
  /** With `settle`: a failure on a settled state that has been quiet for `QUIET_MS` is final. */
  failFast?: boolean;
  now?: () => number;
}

const DEFAULT_INTERVAL_MS = 250;
/**
 * How long a settled state must have stayed the same before a failure on it is taken as final:
 * kube-proxy and CoreDNS follow EndpointSlices and Services about a second behind.
 */
export const QUIET_MS = 2000;
/** Time kept back from the deadline so a waiting check returns its last outcome, not a timeout. */
const DEADLINE_MARGIN_MS = 100;
/**
 * Time an exec or HTTP probe keeps back from the check's deadline: the probe's own time limit
 * must end first, so a slow last try is a failed request, not a check that timed out.
 */
const PROBE_MARGIN_MS = 1000;
/** The least time an exec is given: below it, opening the connection alone does not fit. */
const MIN_PROBE_MS = 1000;

export function createCheckContext(options: CheckContextOptions): CheckContext {
  const { reader, podExec, vars, signal, deadline, reads } = options;
  const now = options.now ?? Date.now;
  const namespace = vars['namespace'] ?? 'default';
  const remaining = (): number => Math.max(1, deadline - now());
  const probeBudget = (): number => Math.max(1, remaining() - PROBE_MARGIN_MS);

  const requireDataPlane = (what: string): void => {
    if (!options.needs.includes('data-plane')) {
      throw new CheckerMistake(`the checker uses ${what} but does not declare needs: ['data-plane']`);
    }
  };

  const list: CheckContext['list'] = async (kind, listOptions = {}) => {
    const scope = listOptions.namespace === '*' ? undefined : (listOptions.namespace ?? namespace);
    reads.add(kind, scope);
    const request: ListOptions = { ...listOptions };
    if (scope === undefined) delete request.namespace;
    else request.namespace = scope;
    return reader.list(kind, request, signal);
  };

  /** Whether the check has run a pod probe: a further try then needs room for one. */
  let probed = false;
  const exec: CheckContext['exec'] = async (pod, command, execOptions = {}) => {
    requireDataPlane('exec');
    probed = true;
    return podExec.exec({
      namespace: execOptions.namespace ?? namespace,
      pod,
      ...(execOptions.container ? { container: execOptions.container } : {}),
      command,
      // Never less than a second (or what is left): a command given no time would only fail to start.
      timeoutMs: Math.max(
        Math.min(execOptions.timeoutMs ?? probeBudget(), probeBudget()),
        Math.min(MIN_PROBE_MS, remaining()),
      ),
      signal,
    });
  };

  const context: CheckContext = {
    namespace,
    params: options.params ?? {},
    vars,
    signal,
    async get(kind, name, inNamespace) {
      reads.add(kind, inNamespace ?? namespace);
      return reader.get(kind, name, KINDS[kind].namespaced ? (inNamespace ?? namespace) : undefined, signal);
    },
    list,
    async podsSelectedBy(service) {
      const selector = service.spec?.selector ?? {};
      const labelSelector = Object.entries(selector)
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      if (!labelSelector) return [];
      return list('Pod', { namespace: service.metadata?.namespace ?? namespace, labelSelector });
    },
    async endpointsOf(serviceName, inNamespace) {
      const slices = await list('EndpointSlice', {
        namespace: inNamespace ?? namespace,
        labelSelector: `kubernetes.io/service-name=${serviceName}`,
      });
      const byIp = new Map<string, EndpointAddress>();
      for (const slice of slices) {
        const port = slice.ports?.[0]?.port ?? undefined;
        for (const endpoint of slice.endpoints ?? []) {
          // The API says an unset `ready` condition is to be read as ready.
          const ready = endpoint.conditions?.ready !== false;
          const podName = endpoint.targetRef?.kind === 'Pod' ? endpoint.targetRef.name : undefined;
          for (const ip of endpoint.addresses) {
            byIp.set(ip, { ip, ready, ...(podName ? { podName } : {}), ...(port !== undefined ? { port } : {}) });
          }
        }
      }
      return [...byIp.values()];
    },
    exec,
    async httpGet(fromPod, url, httpOptions = {}) {
      requireDataPlane('httpGet');
      probed = true;
      // The client in the pod stops at timeoutMs; exec itself gets a little longer, and both end
      // before the check's deadline.
      const budget = probeBudget();
      // Too little time left for a request: a failed request, not an error.
      if (budget < MIN_PROBE_MS) {
        return { ok: false, status: 0, body: '', error: "no time left for a request before the check's deadline" };
      }
      const timeoutMs = Math.max(1, Math.min(httpOptions.timeoutMs ?? 5000, budget - 2000));
      const result = await exec(fromPod, httpProbeCommand(url, timeoutMs / 1000), {
        ...(httpOptions.namespace ? { namespace: httpOptions.namespace } : {}),
        timeoutMs: Math.min(timeoutMs + 2000, budget),
      });
      return parseHttpProbe(result);
    },
    async eventually(attempt, eventuallyOptions = {}) {
      const interval = eventuallyOptions.intervalMs ?? DEFAULT_INTERVAL_MS;
      const { settle } = options;
      // The slowest try so far predicts the next: on a busy machine tries vary a lot.
      let slowest = 0;
      let convergingPass: string[] | undefined;
      for (;;) {
        const started = now();
        const before = settle && options.wait ? await settle(signal) : undefined;
        const outcome = await attempt();
        if (!options.wait || signal.aborted) return outcome;
        if (!settle || !before) {
          if (outcome.passed) return outcome;
        } else {
          // Judged on a settled state only if it was the same one before and after the attempt.
          const after = await settle(signal);
          const steady = before.settled && after.settled && after.since === before.since;
          if (steady && outcome.passed) return outcome;
          if (steady && options.failFast && now() - after.since >= (eventuallyOptions.quietMs ?? QUIET_MS))
            return outcome;
          convergingPass = outcome.passed ? after.pending : undefined;
        }
        slowest = Math.max(slowest, now() - started);
        // A try that would find no time left for its probe ends the wait on the last real answer.
        const reserve = probed ? PROBE_MARGIN_MS + MIN_PROBE_MS : 0;
        if (now() + interval + slowest + reserve > deadline - DEADLINE_MARGIN_MS) {
          if (!convergingPass) return outcome;
          const what = convergingPass.length > 0 ? `: ${convergingPass.join('; ')}` : '';
          return { passed: false, message: `passed only while the state was still converging${what}` };
        }
        await sleep(interval, signal);
      }
    },
    pass: (message): CheckOutcome => ({ passed: true, message }),
    fail: (message, hint): CheckOutcome =>
      hint === undefined ? { passed: false, message } : { passed: false, message, hint },
  };
  return context;
}
