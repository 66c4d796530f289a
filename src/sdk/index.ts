/**
 * The checker SDK: what a lab author writes in checkers/<lab>/<id>.ts.
 *
 * A check file default-exports a `Check`; a question file default-exports a `Question`. It imports
 * these types, and the helpers of ./checks/ (bundled into the checker when it loads, so no build
 * step), from `k8s-labs/sdk`. Files starting with `_` are shared helpers, not checks.
 */
import type { KindMap, KindName } from '../core/kinds.js';
import type { ExecResult, ListOptions } from '../core/ports.js';

export type { KindMap, KindName, ExecResult, ListOptions };
export type {
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ReplicaSet,
  V1Service,
} from '@kubernetes/client-node';

/**
 * What a check needs from the cluster. `api`: reads only. `data-plane`: execs into pods or sends
 * traffic; on an API-only cluster such a check is reported as skipped, never as passed.
 */
export type Need = 'api' | 'data-plane';

/** The verdict of one check run. Not passing is a result, not an error. */
export interface CheckOutcome {
  passed: boolean;
  /** For the learner: what is right, or what is not yet. */
  message: string;
  /** A hint specific to this failure, shown after the step's own hint tiers. */
  hint?: string;
}

/** The type of a check parameter: port is a number from 1 to 65535. */
export type ParamType = 'string' | 'number' | 'port' | 'boolean';

/** One parameter a check takes, given by a step as `with: { <name>: <value> }`. */
export interface ParamSpec {
  type: ParamType;
  /** Used when the step gives no value; without one the parameter is required. */
  default?: string | number | boolean;
  description?: string;
}

/** A check's parameters by name. Declare them `as const` to get `ctx.params` typed. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The values a check receives for its parameters, typed from their declaration. */
export type ParamValues<P extends ParamSpecs> = { readonly [K in keyof P]: ParamValue<P[K]['type']> };

/** The value of a parameter of type T: a string, a boolean, or a number (number and port). */
export type ParamValue<T extends ParamType> = T extends 'string' ? string : T extends 'boolean' ? boolean : number;

/**
 * A check. With parameters, declare them and name their type, so `ctx.params` is typed:
 * `const params = { service: { type: 'string' } } as const;`
 * `export default { params, title: 'Service {{service}} ...', run(ctx) {...} } satisfies Check<typeof params>;`
 */
export interface Check<P extends ParamSpecs = ParamSpecs> {
  /**
   * Shown beside the result, e.g. "echo-frontend is a ClusterIP Service". May use variables and
   * parameters as {{name}}.
   */
  title: string;
  /**
   * The parameters it takes. A step passes them with `checks: [{ id, use: <this file>, with: {...} }]`;
   * `labs validate` reports missing, unknown and ill-typed ones.
   */
  params?: P;
  /** Defaults to ['api']. */
  needs?: Need[];
  /** How long the check may take, waiting included. Default 10000 ms. */
  timeoutMs?: number;
  /**
   * True when the check confirms the state a step starts from (e.g. "the jumpbox runs and no
   * Service exists yet") rather than work the learner does. `labs test` then expects it to pass
   * both before and after the step's solution, instead of failing before.
   */
  precondition?: boolean;
  /** Decides pass or fail from cluster state. Throwing is an error, reported as such. */
  run(ctx: CheckContext<ParamValues<P>>): Promise<CheckOutcome>;
}

export interface Question {
  /** Defaults to ['api']. */
  needs?: Need[];
  timeoutMs?: number;
  /**
   * The right answer, read from the live cluster, so it is right on every cluster. Compared with
   * the learner's answer by the kind declared in the step (text, number, port, list).
   */
  expected(ctx: CheckContext): Promise<string | number | string[]>;
}

export interface EndpointAddress {
  ip: string;
  ready: boolean;
  /** Name of the pod behind the address, when the API says. */
  podName?: string;
  port?: number;
}

export interface HttpResult {
  /** True when a response with a 2xx/3xx status came back. */
  ok: boolean;
  /** HTTP status, or 0 when no response arrived (DNS failure, refused, timeout). */
  status: number;
  body: string;
  /** Why there was no response, e.g. "could not resolve host". */
  error?: string;
}

/** Everything a check may use. Every read goes to the live cluster. */
export interface CheckContext<Params = Readonly<Record<string, string | number | boolean>>> {
  /** The lab's namespace (the `namespace` variable). */
  namespace: string;
  /** The arguments the step gave (`with:`), defaults filled in, variables rendered, typed. */
  params: Params;
  /** All lab variables with their values for this learner. */
  vars: Readonly<Record<string, string>>;
  /** Aborted when the check's time is up or the learner quits. */
  signal: AbortSignal;

  get<K extends KindName>(kind: K, name: string, namespace?: string): Promise<KindMap[K] | undefined>;
  list<K extends KindName>(kind: K, options?: ListOptions): Promise<KindMap[K][]>;
  /** Pods in the Service's namespace whose labels match its selector (none when it has no selector). */
  podsSelectedBy(service: KindMap['Service']): Promise<KindMap['Pod'][]>;
  /** Endpoint addresses of a Service, from its EndpointSlices. */
  endpointsOf(serviceName: string, namespace?: string): Promise<EndpointAddress[]>;
  /** Runs a command in a pod. Needs 'data-plane'. */
  exec(
    pod: string,
    command: string[],
    options?: { namespace?: string; container?: string; timeoutMs?: number },
  ): Promise<ExecResult>;
  /** Makes an HTTP GET from inside a pod (with curl, or wget when curl is absent). Needs 'data-plane'. */
  httpGet(fromPod: string, url: string, options?: { namespace?: string; timeoutMs?: number }): Promise<HttpResult>;
  /**
   * Retries `attempt` until it passes or the check's time runs out; returns the last outcome.
   * Under `labs test`, a failure on a settled state is final once that state has been quiet for
   * `quietMs` (default 2 s): a check that needs every node's kube-proxy to have programmed a new
   * endpoint (traffic spread over replicas) asks for longer, since that lags on a busy machine.
   */
  eventually(
    attempt: () => Promise<CheckOutcome>,
    options?: { intervalMs?: number; quietMs?: number },
  ): Promise<CheckOutcome>;
  pass(message: string): CheckOutcome;
  fail(message: string, hint?: string): CheckOutcome;
}

// The helpers the built-in labs' checks are made of: value imports, bundled into each checker.
export * from './checks/answers.js';
export * from './checks/endpoints.js';
export * from './checks/format.js';
export * from './checks/found.js';
export * from './checks/pods.js';
export * from './checks/selector.js';
export * from './checks/service.js';
export * from './checks/settle.js';
export * from './checks/traffic.js';
export * from './checks/workload.js';
