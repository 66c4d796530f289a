/** Names and numbers of the clusterip lab, shared by its checks. */
import type { CheckContext, IntendedPods, V1Service } from 'k8s-labs/sdk';

export const APP = 'echo-frontend';
export const SERVICE = 'echo-frontend';
export const JUMPBOX = 'jumpbox';
export const REPLICAS = 3;
export const SERVICE_PORT = 80;

export const ECHO_PODS: IntendedPods = { labels: 'app=echo-frontend', what: 'echo-frontend pods', count: REPLICAS };

/** The name every pod in the cluster can resolve once the Service exists. */
export const serviceUrl = (ctx: CheckContext): string => `http://${SERVICE}.${ctx.namespace}.svc.cluster.local`;

export const JUMPBOX_STEP = 'step 2 (kubectl run jumpbox --image=nginx:1.27 -n <namespace>)';

/** The built-in `kubernetes` Service; questions about it read it live, since clusters differ. */
export async function kubernetesService(ctx: CheckContext): Promise<V1Service> {
  const service = await ctx.get('Service', 'kubernetes', 'default');
  if (!service) throw new Error('the cluster has no Service "kubernetes" in namespace default');
  return service;
}
