/** `labs cluster status`: what state the lab cluster is in, without changing anything. */
import { isUserError } from '../../errors.js';
import { connectCluster } from '../connect.js';
import { clusterNameFrom, kindContextName } from '../kube/contextNames.js';
import { loadKubeconfig } from '../kube/kubeconfig.js';
import type { KubeTransport } from '../kube/transport.js';
import { runProcess } from '../process/run.js';
import type { ClusterOptions } from './cluster.js';
import { kindClusters } from './kindCli.js';
import { allReady, type NodeState, readNodes } from './readiness.js';

export interface ClusterStatus {
  name: string;
  context: string;
  /** kind knows a cluster of this name. */
  exists: boolean;
  /** The kubeconfig has the context kind-<name>. */
  kubeconfigEntry: boolean;
  server?: string;
  /** The API server answered. */
  reachable: boolean;
  serverVersion?: string;
  /** Every node is Ready (and there is at least one). */
  nodeReady: boolean;
  nodes: NodeState[];
  /** Why it is not usable, when it is not. */
  problem?: string;
  nextStep?: string;
}

async function serverVersion(transport: KubeTransport, signal?: AbortSignal): Promise<string | undefined> {
  const response = await transport.request('/version', { ...(signal ? { signal } : {}), timeoutMs: 4000 });
  if (response.status !== 200) return undefined;
  return (JSON.parse(response.body) as { gitVersion?: string }).gitVersion;
}

/** What state the lab cluster is in; never creates or changes anything. */
export async function clusterStatus(options: ClusterOptions = {}): Promise<ClusterStatus> {
  const env = options.env ?? process.env;
  const run = options.run ?? runProcess;
  const name = clusterNameFrom(env, options.name);
  const context = kindContextName(name);
  const status: ClusterStatus = {
    name,
    context,
    exists: false,
    kubeconfigEntry: false,
    reachable: false,
    nodeReady: false,
    nodes: [],
  };
  status.exists = (await kindClusters(run, options.signal)).includes(name);
  status.kubeconfigEntry = loadKubeconfig(env).contexts.has(context);
  if (!status.exists) {
    status.problem = `there is no kind cluster named "${name}"`;
    status.nextStep = 'run `labs cluster up` to create it';
    return status;
  }
  if (!status.kubeconfigEntry) {
    status.problem = `the kubeconfig has no context ${context}`;
    status.nextStep = 'run `labs cluster up`: it writes the entry again';
    return status;
  }
  const { session, transport } = await connectCluster({ context, env, run });
  status.server = session.target.server;
  try {
    const version = await serverVersion(transport, options.signal);
    if (version) status.serverVersion = version;
    status.nodes = await readNodes(session, options.signal);
    status.reachable = true;
    status.nodeReady = allReady(status.nodes);
    if (!status.nodeReady) {
      status.problem = 'not every node is Ready yet';
      status.nextStep = 'run `labs cluster up`: it waits until the node is Ready';
    }
  } catch (error) {
    if (!isUserError(error)) throw error;
    status.problem = error.message;
    status.nextStep =
      'run `labs cluster up` (it starts stopped node containers), or `labs cluster down` then `labs cluster up`';
  } finally {
    session.close();
  }
  return status;
}
