/** Waiting until a cluster is usable: every node Ready, the default ServiceAccount present. */
import { environmentError, isUserError } from '../../errors.js';
import type { ClusterSession } from '../connect.js';
import { abortError } from './kindCli.js';
import { sleep } from '../../core/sleep.js';

export interface NodeState {
  name: string;
  ready: boolean;
}

const pause = async (ms: number, signal?: AbortSignal): Promise<void> => {
  await sleep(ms, signal);
  if (signal?.aborted) throw abortError();
};

export const nodeIsReady = (node: { status?: { conditions?: { type: string; status: string }[] } }): boolean =>
  node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

export async function readNodes(session: ClusterSession, signal?: AbortSignal): Promise<NodeState[]> {
  const nodes = await session.reader.list('Node', {}, signal);
  return nodes.map((node) => ({ name: node.metadata?.name ?? '', ready: nodeIsReady(node) }));
}

export const allReady = (nodes: NodeState[]): boolean => nodes.length > 0 && nodes.every((node) => node.ready);

export async function serviceAccountExists(session: ClusterSession, signal?: AbortSignal): Promise<boolean> {
  return (await session.reader.get('ServiceAccount', 'default', 'default', signal)) !== undefined;
}

/** Polls `probe` until it is true; API errors count as "not yet" until the time is up. */
export async function waitFor(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; pollMs: number; signal?: AbortSignal; what: string; context: string },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      if ((error as Error).name === 'AbortError' || !isUserError(error)) throw error;
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw environmentError(
        `${options.what} within ${options.timeoutMs >= 10_000 ? Math.round(options.timeoutMs / 1000) : (options.timeoutMs / 1000).toFixed(1)} s${why}`,
        `\`kubectl --context ${options.context} describe nodes\` shows why; \`labs cluster down\` then \`labs cluster up\` re-creates the cluster`,
      );
    }
    await pause(options.pollMs, options.signal);
  }
}
