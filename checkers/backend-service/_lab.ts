/** The backend pods, the frontend pod that calls them, and the back-end Service between them. */
import type { CheckContext, IntendedPods, V1Service } from 'k8s-labs/sdk';

export const BACKEND = 'myapp-backend';
export const FRONTEND = 'myapp-frontend';
export const SERVICE = 'back-end';
export const PORT = 80;
export const REPLICAS = 3;
export const BACKEND_PODS: IntendedPods = { labels: 'app=myapp,type=backend', what: 'backend pods', count: REPLICAS };

/** The back-end Service that questions are about; undefined while it does not exist. */
export async function backEnd(ctx: CheckContext): Promise<V1Service | undefined> {
  return ctx.get('Service', SERVICE);
}
