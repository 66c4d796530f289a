import type { Question } from 'k8s-labs/sdk';

/** The lab's Services that open a port beyond the cluster: NodePort and LoadBalancer ones. */
export default {
  async expected(ctx) {
    const services = await ctx.list('Service');
    return services
      .filter((service) => service.spec?.type === 'NodePort' || service.spec?.type === 'LoadBalancer')
      .map((service) => service.metadata?.name ?? '?');
  },
} satisfies Question;
