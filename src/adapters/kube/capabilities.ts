/** Whether the cluster has a data plane: KWOK fake nodes have none (no exec, no pod traffic). */
import type { ClusterCapabilities, ClusterReader } from '../../core/ports.js';

export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export async function detectCapabilities(
  reader: ClusterReader,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<ClusterCapabilities> {
  const forced = env['K8S_LABS_DATA_PLANE'];
  if (forced === 'off')
    return { dataPlane: false, reason: 'K8S_LABS_DATA_PLANE=off says the cluster has no data plane' };
  if (forced === 'on') return { dataPlane: true };
  const nodes = await reader.list('Node', {}, signal);
  if (nodes.length > 0 && nodes.every((node) => node.metadata?.annotations?.[KWOK_NODE_ANNOTATION] === 'fake')) {
    return {
      dataPlane: false,
      reason: 'every node is a KWOK fake node (no kubelet): exec and pod-to-pod traffic are not available',
    };
  }
  return { dataPlane: true };
}
