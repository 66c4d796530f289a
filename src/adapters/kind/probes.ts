/**
 * The probes behind `labs doctor`, run in parallel with short limits so the whole check, even
 * against an unreachable cluster, ends within 5 seconds.
 */
import type { DoctorProbes, ToolProbe } from '../../core/doctor/evaluate.js';
import { connectCluster } from '../connect.js';
import { clusterNameFrom, isLabClusterContext, resolveContextName } from '../kube/contextNames.js';
import { loadKubeconfig, resolveContext } from '../kube/kubeconfig.js';
import { isCommandNotFound, type ProcessRunner, runProcess } from '../process/run.js';
import { nodeIsReady } from './readiness.js';
import { kindClusters, lastLines } from './kindCli.js';

const PROBE_TIMEOUT_MS = 4000;

async function probeTool(
  run: ProcessRunner,
  file: string,
  args: string[],
  version: (stdout: string) => string | undefined,
  signal: AbortSignal | undefined,
): Promise<ToolProbe> {
  try {
    const result = await run(file, args, { timeoutMs: PROBE_TIMEOUT_MS, ...(signal ? { signal } : {}) });
    if (result.aborted) return { found: true, error: 'stopped' };
    if (result.exitCode !== 0)
      return {
        found: true,
        error: lastLines(result, 2) || (result.timedOut ? 'timed out' : `exit ${result.exitCode}`),
      };
    const found = version(result.stdout.trim());
    return { found: true, ...(found ? { version: found } : {}) };
  } catch (error) {
    if (isCommandNotFound(error)) return { found: false };
    return { found: true, error: (error as Error).message };
  }
}

function kubectlClientVersion(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    return /v\d+\.\d+\.\d+\S*/.exec(stdout)?.[0];
  }
}

export interface ProbeOptions {
  context?: string;
  env: NodeJS.ProcessEnv;
  run?: ProcessRunner;
  platform?: string;
  /** Stops every probe (Ctrl-C); each also has its own time limit. */
  signal?: AbortSignal;
}

export async function probeEnvironment(options: ProbeOptions): Promise<DoctorProbes> {
  const { env, signal } = options;
  const run = options.run ?? runProcess;
  const context = resolveContextName(options.context, env);
  const labCluster = isLabClusterContext(context, env);
  const clusterName = clusterNameFrom(env);

  const docker = probeTool(
    run,
    'docker',
    ['info', '--format', '{{.ServerVersion}}'],
    (out) => (out && !out.includes('<no value>') ? out : undefined),
    signal,
  ).then((probe) => ({ ...probe, daemon: probe.found && !probe.error && probe.version !== undefined }));
  const kind = probeTool(run, 'kind', ['version'], (out) => /v\d+\.\d+\.\d+\S*/.exec(out)?.[0], signal);
  const kubectl = probeTool(run, 'kubectl', ['version', '--client', '-o', 'json'], kubectlClientVersion, signal);
  const kindExists = labCluster
    ? kindClusters(run, signal, PROBE_TIMEOUT_MS)
        .then((names) => names.includes(clusterName))
        .catch(() => undefined)
    : Promise.resolve(undefined);

  const kubeconfig: DoctorProbes['kubeconfig'] = { files: [], contextFound: false };
  try {
    const config = loadKubeconfig(env);
    kubeconfig.files = config.files;
    kubeconfig.contexts = [...config.contexts.keys()];
    const resolved = resolveContext(config, context);
    if (resolved) {
      kubeconfig.contextFound = true;
      kubeconfig.server = resolved.cluster.server;
    }
  } catch (error) {
    kubeconfig.error = (error as Error).message;
  }
  const apiProbe = kubeconfig.contextFound ? probeApi(context, env, run, signal) : Promise.resolve(undefined);

  const [dockerProbe, kindProbe, kubectlProbe, kindClusterExists, apiResult] = await Promise.all([
    docker,
    kind,
    kubectl,
    kindExists,
    apiProbe,
  ]);
  const api = apiResult;
  return {
    platform: options.platform ?? process.platform,
    context,
    labCluster,
    clusterName,
    docker: dockerProbe,
    kind: kindProbe,
    kubectl: kubectlProbe,
    ...(kindClusterExists === undefined ? {} : { kindClusterExists }),
    kubeconfig,
    ...(api ? { api } : {}),
  };
}

async function probeApi(
  context: string,
  env: NodeJS.ProcessEnv,
  run: ProcessRunner,
  signal: AbortSignal | undefined,
): Promise<NonNullable<DoctorProbes['api']>> {
  // One limit for the whole API probe (connect, /version, nodes), and the caller's signal.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  const onAbort = (): void => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let close = (): void => undefined;
  try {
    const { session, transport } = await connectCluster({ context, env, run, connectTimeoutMs: 2500 });
    close = () => session.close();
    const version = await transport.request('/version', { timeoutMs: 3500, signal: stop.signal });
    const serverVersion =
      version.status === 200 ? (JSON.parse(version.body) as { gitVersion?: string }).gitVersion : undefined;
    const nodes = await session.reader.list('Node', undefined, stop.signal).catch(() => undefined);
    return {
      reachable: true,
      ...(serverVersion ? { serverVersion } : {}),
      ...(nodes ? { nodes: nodes.length, nodesReady: nodes.filter(nodeIsReady).length } : {}),
    };
  } catch (error) {
    return { reachable: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    close();
  }
}
