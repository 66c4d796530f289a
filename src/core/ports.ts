/**
 * The small interfaces through which the core and the UI reach the outside world. Adapters in
 * src/adapters implement them; tests pass fakes. Nothing here imports a process or network module.
 */
import type { KindMap, KindName } from './kinds.js';

/** The one cluster every call is pinned to. */
export interface ClusterTarget {
  /** Kube context name, e.g. kind-k8s-labs. */
  context: string;
  /** API server URL of that context. */
  server: string;
  /** Kubeconfig file holding only this context, for kubectl and lab shells. */
  kubeconfigPath: string;
}

export interface ListOptions {
  /** In checks: defaults to the lab namespace; `'*'` lists every namespace. */
  namespace?: string;
  /** Label selector in the API's string form, e.g. "app=echo-frontend". */
  labelSelector?: string;
}

export interface WatchTarget {
  kind: KindName;
  namespace?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: KindName;
  name: string;
  namespace?: string;
}

/** Typed reads of the cluster; errors are UserErrors of kind 'environment' (unreachable, forbidden). */
export interface ClusterReader {
  readonly target: ClusterTarget;
  get<K extends KindName>(
    kind: K,
    name: string,
    namespace?: string,
    signal?: AbortSignal,
  ): Promise<KindMap[K] | undefined>;
  list<K extends KindName>(kind: K, options?: ListOptions, signal?: AbortSignal): Promise<KindMap[K][]>;
  /**
   * Watches the given kinds until `signal` aborts, calling `onEvent` for each change. Resolves when
   * aborted; rejects when the watch cannot be established or is lost for good.
   */
  watch(targets: WatchTarget[], onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a command inside a pod (needs a data plane: a kubelet and a container runtime). */
export interface PodExec {
  exec(request: ExecRequest): Promise<ExecResult>;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
  /** Written to stdin; never interpolated into a command line. */
  input?: string;
  /** Called for each line as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

/** kubectl with the lab context forced on every call. */
export interface KubectlRunner {
  run(args: string[], options?: RunOptions): Promise<RunResult>;
}

/** Runs a lab command block (bash) with KUBECONFIG forced to the lab context. */
export interface ShellRunner {
  runBlock(script: string, options?: RunOptions): Promise<RunResult>;
}

/** What the cluster can do, decided once per run. */
export interface ClusterCapabilities {
  /** False on API-only clusters (e.g. KWOK fake nodes): no exec, no traffic between pods. */
  dataPlane: boolean;
  /** Why there is no data plane, shown with skipped checks. */
  reason?: string;
}
