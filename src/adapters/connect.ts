/**
 * Opening the one cluster a command works with. The context comes from --context,
 * K8S_LABS_CONTEXT or the lab cluster's name, never from the kubeconfig's current-context; a
 * kubeconfig holding only that context is written to the state directory, and the reader, kubectl,
 * lab shells and pod exec all use it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { environmentError } from '../errors.js';
import type {
  ClusterCapabilities,
  ClusterReader,
  ClusterTarget,
  KubectlRunner,
  PodExec,
  ShellRunner,
} from '../core/ports.js';
import { writeFileAtomic } from './fs/atomicFile.js';
import { stateDir } from './fs/stateDir.js';
import type { ServerIdentity } from './kube/apiErrors.js';
import { detectCapabilities } from './kube/capabilities.js';
import { clusterNextStep, isLabClusterContext, resolveContextName } from './kube/contextNames.js';
import { createCredentialSource } from './kube/credentials.js';
import { kubeconfigPaths, loadKubeconfig, minifiedKubeconfig, resolveContext } from './kube/kubeconfig.js';
import { createKubectlRunner } from './kube/kubectl.js';
import { createPodExec } from './kube/podExec.js';
import { createClusterReader } from './kube/reader.js';
import { createShellRunner } from './kube/shell.js';
import { createTransport, type KubeTransport } from './kube/transport.js';
import { type ProcessRunner, runProcess } from './process/run.js';

export { resolveContextName } from './kube/contextNames.js';

export interface ClusterSession {
  target: ClusterTarget;
  reader: ClusterReader;
  kubectl: KubectlRunner;
  shell: ShellRunner;
  podExec: PodExec;
  /** Memoised; no data plane when every Node is a KWOK fake node or K8S_LABS_DATA_PLANE=off. */
  capabilities(): Promise<ClusterCapabilities>;
  /** Releases pooled connections so the process can exit. */
  close(): void;
}

export interface OpenClusterOptions {
  context?: string;
  env: NodeJS.ProcessEnv;
  /** Process runner for kubectl, shells and credential plugins (tests pass fakes). */
  run?: ProcessRunner;
  /** How long connecting to the API server may take before the cluster counts as unreachable. */
  connectTimeoutMs?: number;
}

/** Where the single-context kubeconfig of `context` is written. */
export function pinnedKubeconfigPath(context: string, env: NodeJS.ProcessEnv): string {
  const safe = context.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(context).digest('hex').slice(0, 8);
  return path.join(stateDir(env), 'kubeconfig', `${safe}-${hash}.yaml`);
}

function writeIfChanged(file: string, content: string): void {
  try {
    if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  } catch {
    // Unreadable: rewrite it.
  }
  writeFileAtomic(file, content);
}

/**
 * Opens the cluster of the chosen context. Throws an environment error (exit 3) with the next
 * step when there is no kubeconfig or the context is not in it. Does not touch the network:
 * the first read fails fast (about 3 s) when the server is unreachable.
 */
export async function openCluster(options: OpenClusterOptions): Promise<ClusterSession> {
  return (await connectCluster(options)).session;
}

/** openCluster, plus the raw API transport for probes such as /version (doctor, cluster up). */
export async function connectCluster(
  options: OpenClusterOptions,
): Promise<{ session: ClusterSession; transport: KubeTransport }> {
  const { env } = options;
  const run = options.run ?? runProcess;
  const context = resolveContextName(options.context, env);
  const labCluster = isLabClusterContext(context, env);
  const config = loadKubeconfig(env);
  if (config.files.length === 0) {
    throw environmentError(
      `no kubeconfig found (looked for ${kubeconfigPaths(env).join(', ')})`,
      labCluster
        ? 'run `labs cluster up` to create the lab cluster'
        : 'set KUBECONFIG to the kubeconfig that holds your cluster',
    );
  }
  const resolved = resolveContext(config, context);
  if (!resolved) {
    const available = [...config.contexts.keys()];
    const shown = available.length
      ? `contexts there: ${available.slice(0, 8).join(', ')}${available.length > 8 ? ', ...' : ''}`
      : 'it has no contexts';
    throw environmentError(
      `context "${context}" is not in your kubeconfig (${config.files.join(', ')}); ${shown}`,
      labCluster
        ? 'run `labs cluster up` to create the lab cluster (it adds this context), or pick another cluster with --context NAME'
        : 'pass --context (or set K8S_LABS_CONTEXT) to one of the contexts above',
    );
  }
  const kubeconfigPath = pinnedKubeconfigPath(context, env);
  writeIfChanged(kubeconfigPath, minifiedKubeconfig(resolved));

  const target: ClusterTarget = { context, server: resolved.cluster.server, kubeconfigPath };
  const identity: ServerIdentity = { server: target.server, context, nextStep: clusterNextStep(context, env) };
  const credentials = createCredentialSource(resolved, { run, env });
  const transport = createTransport(
    identity,
    credentials,
    options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {},
  );
  const reader = createClusterReader(target, transport);
  let capabilities: Promise<ClusterCapabilities> | undefined;

  const session: ClusterSession = {
    target,
    reader,
    kubectl: createKubectlRunner(target, run),
    shell: createShellRunner(target, run),
    podExec: createPodExec({ kubeconfigPath, context, identity, reader, credentials }),
    capabilities() {
      capabilities ??= detectCapabilities(reader, env).catch((error: unknown) => {
        capabilities = undefined;
        throw error;
      });
      return capabilities;
    },
    close() {
      transport.close();
    },
  };
  return { session, transport };
}
