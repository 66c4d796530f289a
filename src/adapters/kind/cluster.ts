/**
 * The lab cluster's lifecycle with kind: up (create, or reuse a healthy one in well under a
 * second), down and status. The user's current-context is left as it was.
 */
import { rmSync } from 'node:fs';
import { environmentError, isUserError } from '../../errors.js';
import { connectCluster, pinnedKubeconfigPath } from '../connect.js';
import { clusterNameFrom, kindContextName } from '../kube/contextNames.js';
import { kubeconfigPaths, loadKubeconfig } from '../kube/kubeconfig.js';
import { type ProcessRunner, runProcess } from '../process/run.js';
import { restoreCurrentContexts, snapshotCurrentContexts } from './currentContext.js';
import { abortError, kindClusters, kindFailure, kindNodes, requireDocker, runTool } from './kindCli.js';
import { kindConfigPath, nodeImage } from './nodeImage.js';
import { createPhaseTracker, type PhaseListener, type PhaseTiming, type PhaseTracker } from './phases.js';
import { allReady, type NodeState, readNodes, serviceAccountExists, waitFor } from './readiness.js';

export type { ClusterPhase, PhaseListener, PhaseTiming } from './phases.js';
export { type NodeState, nodeIsReady } from './readiness.js';
export { type ClusterStatus, clusterStatus } from './status.js';

export interface ClusterOptions {
  /** kind cluster name; default K8S_LABS_CLUSTER or k8s-labs. */
  name?: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Process runner (tests pass fakes). */
  run?: ProcessRunner;
}

export interface ClusterUpOptions extends ClusterOptions {
  onPhase?: PhaseListener;
  /** How long to wait for the node to be Ready and the default ServiceAccount to exist. */
  readyTimeoutMs?: number;
  /** Delay between readiness polls. */
  pollMs?: number;
}

export interface ClusterUpResult {
  name: string;
  context: string;
  server: string;
  /** False when an existing healthy cluster was reused. */
  created: boolean;
  /** True when the kubeconfig entry was missing and was written again. */
  repairedKubeconfig: boolean;
  /** Kubeconfig files whose current-context kind changed and we put back. */
  restoredCurrentContext: string[];
  nodeImage: string;
  durationMs: number;
  phases: PhaseTiming[];
}

const DEFAULT_READY_TIMEOUT_MS = 180_000;
const CREATE_TIMEOUT_MS = 15 * 60_000;

function hasContext(env: NodeJS.ProcessEnv, context: string): boolean {
  return loadKubeconfig(env).contexts.has(context);
}

/** Runs a kind command that may switch the current-context, and switches it back. */
async function keepingCurrentContext<T>(
  env: NodeJS.ProcessEnv,
  action: () => Promise<T>,
): Promise<{ value: T; restored: string[] }> {
  const snapshot = snapshotCurrentContexts(kubeconfigPaths(env));
  try {
    const value = await action();
    return { value, restored: restoreCurrentContexts(snapshot) };
  } catch (error) {
    restoreCurrentContexts(snapshot);
    throw error;
  }
}

async function exportKubeconfig(
  run: ProcessRunner,
  name: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string[]> {
  const { value: result, restored } = await keepingCurrentContext(env, () =>
    runTool(run, 'kind', ['export', 'kubeconfig', '--name', name], {
      timeoutMs: 30_000,
      env: env as Record<string, string>,
      ...(signal ? { signal } : {}),
    }),
  );
  if (result.aborted) throw abortError();
  if (result.exitCode !== 0) throw kindFailure(`write the kubeconfig entry of cluster "${name}"`, result);
  return restored;
}

async function createKindCluster(
  run: ProcessRunner,
  name: string,
  env: NodeJS.ProcessEnv,
  tracker: PhaseTracker,
  signal?: AbortSignal,
): Promise<string[]> {
  const image = nodeImage(env);
  const args = ['create', 'cluster', '--name', name, '--config', kindConfigPath()];
  if (env['K8S_LABS_NODE_IMAGE']) args.push('--image', image);
  tracker.start('kind', `Creating cluster "${name}"`);
  const { value: result, restored } = await keepingCurrentContext(env, () =>
    runTool(run, 'kind', args, {
      timeoutMs: CREATE_TIMEOUT_MS,
      env: env as Record<string, string>,
      ...(signal ? { signal } : {}),
      onLine: (line) => tracker.kindLine(line),
    }),
  );
  if (result.aborted || result.timedOut) {
    tracker.fail();
    // Do not leave half a cluster behind: the next `up` would find it and try to reuse it.
    await runTool(run, 'kind', ['delete', 'cluster', '--name', name], {
      timeoutMs: 120_000,
      env: env as Record<string, string>,
    }).catch(() => undefined);
    if (result.aborted) throw abortError();
    throw environmentError(
      `creating the kind cluster took longer than ${CREATE_TIMEOUT_MS / 60_000} minutes and was stopped`,
      'run `labs doctor`, then `labs cluster up` again',
    );
  }
  if (result.exitCode !== 0) {
    tracker.fail();
    throw kindFailure(`create cluster "${name}"`, result);
  }
  tracker.done();
  return restored;
}

/** Starts node containers that are stopped (e.g. after a reboot). Returns true when it started any. */
async function startStoppedNodes(
  run: ProcessRunner,
  name: string,
  tracker: PhaseTracker,
  signal?: AbortSignal,
): Promise<boolean> {
  const nodes = await kindNodes(run, name, signal);
  const stopped: string[] = [];
  for (const node of nodes) {
    const state = await runTool(run, 'docker', ['inspect', '--format', '{{.State.Running}}', node], {
      timeoutMs: 20_000,
      ...(signal ? { signal } : {}),
    });
    if (state.exitCode === 0 && state.stdout.trim() === 'false') stopped.push(node);
  }
  if (stopped.length === 0) return false;
  tracker.start('start-nodes', `Starting stopped node container${stopped.length > 1 ? 's' : ''}`);
  const result = await runTool(run, 'docker', ['start', ...stopped], {
    timeoutMs: 120_000,
    ...(signal ? { signal } : {}),
  });
  if (result.aborted) throw abortError();
  if (result.exitCode !== 0) {
    tracker.fail();
    throw environmentError(
      `cannot start the node containers of cluster "${name}": ${result.stderr.trim()}`,
      '`labs cluster down` then `labs cluster up` re-creates the cluster',
    );
  }
  tracker.done();
  return true;
}

/**
 * Makes sure the lab cluster exists and is ready: reuses a healthy one (one `kind get clusters`
 * and one API probe), repairs a missing kubeconfig entry, or creates it from kind/cluster.yaml,
 * then waits until every node is Ready and the default ServiceAccount exists.
 */
export async function clusterUp(options: ClusterUpOptions = {}): Promise<ClusterUpResult> {
  const env = options.env ?? process.env;
  const run = options.run ?? runProcess;
  const { signal } = options;
  const name = clusterNameFrom(env, options.name);
  const context = kindContextName(name);
  const tracker = createPhaseTracker(options.onPhase);
  const pollMs = options.pollMs ?? 500;
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  let created = false;
  let repairedKubeconfig = false;
  const restoredCurrentContext: string[] = [];

  const exists = (await kindClusters(run, signal)).includes(name);
  if (!exists) {
    await requireDocker(run, signal);
    restoredCurrentContext.push(...(await createKindCluster(run, name, env, tracker, signal)));
    created = true;
  } else if (!hasContext(env, context)) {
    tracker.start('kubeconfig', 'Writing the missing kubeconfig entry');
    restoredCurrentContext.push(...(await exportKubeconfig(run, name, env, signal)));
    tracker.done();
    repairedKubeconfig = true;
  }

  let session = (await connectCluster({ context, env, run })).session;
  try {
    const tryNodes = async (): Promise<NodeState[] | Error> => {
      try {
        return await readNodes(session, signal);
      } catch (error) {
        if (!isUserError(error)) throw error;
        return error;
      }
    };
    let nodes = await tryNodes();
    if (nodes instanceof Error && !created) {
      if (await startStoppedNodes(run, name, tracker, signal)) {
        nodes = [];
      } else if (!repairedKubeconfig) {
        // The entry may be stale (e.g. written for an earlier cluster of the same name): ask kind again.
        tracker.start('kubeconfig', 'Refreshing the kubeconfig entry');
        restoredCurrentContext.push(...(await exportKubeconfig(run, name, env, signal)));
        tracker.done();
        session.close();
        session = (await connectCluster({ context, env, run })).session;
        const retried = await tryNodes();
        if (!(retried instanceof Error)) repairedKubeconfig = true;
        nodes = retried;
      }
    }
    const target = session.target;
    if (nodes instanceof Error) {
      if (!created) {
        throw environmentError(
          `kind cluster "${name}" exists but its API server ${target.server} does not answer: ${nodes.message}`,
          `\`docker ps -a --filter name=${name}-\` shows its node containers; \`labs cluster down\` then \`labs cluster up\` re-creates it`,
          nodes,
        );
      }
      nodes = [];
    }
    if (!allReady(nodes)) {
      tracker.start('node-ready', 'Waiting for the node to be Ready');
      await waitFor(async () => allReady(await readNodes(session, signal)), {
        timeoutMs: readyTimeoutMs,
        pollMs,
        signal,
        what: 'the node did not become Ready',
        context,
      });
      tracker.done();
    }
    if (!(await serviceAccountExists(session, signal).catch(() => false))) {
      tracker.start('service-account', 'Waiting for the default ServiceAccount');
      await waitFor(() => serviceAccountExists(session, signal), {
        timeoutMs: readyTimeoutMs,
        pollMs,
        signal,
        what: 'the default ServiceAccount did not appear',
        context,
      });
      tracker.done();
    }
    return {
      name,
      context,
      server: target.server,
      created,
      repairedKubeconfig,
      restoredCurrentContext,
      nodeImage: nodeImage(env),
      durationMs: tracker.elapsedMs(),
      phases: tracker.finished,
    };
  } catch (error) {
    tracker.fail();
    throw error;
  } finally {
    session.close();
  }
}

/** Deletes the lab cluster (kind removes its kubeconfig entry). */
export async function clusterDown(
  options: ClusterOptions = {},
): Promise<{ name: string; deleted: boolean; durationMs: number }> {
  const env = options.env ?? process.env;
  const run = options.run ?? runProcess;
  const started = performance.now();
  const name = clusterNameFrom(env, options.name);
  if (!(await kindClusters(run, options.signal)).includes(name))
    return { name, deleted: false, durationMs: Math.round(performance.now() - started) };
  const result = await runTool(run, 'kind', ['delete', 'cluster', '--name', name], {
    timeoutMs: 300_000,
    env: env as Record<string, string>,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.aborted) throw abortError();
  if (result.exitCode !== 0) throw kindFailure(`delete cluster "${name}"`, result);
  rmSync(pinnedKubeconfigPath(kindContextName(name), env), { force: true });
  return { name, deleted: true, durationMs: Math.round(performance.now() - started) };
}
