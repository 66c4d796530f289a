import { type Check, podRunning } from 'k8s-labs/sdk';
import { JUMPBOX, JUMPBOX_STEP, SERVICE } from './_lab.js';

export default {
  title: 'the jumpbox runs and echo-frontend has no Service yet',
  precondition: true,
  timeoutMs: 60_000,
  async run(ctx) {
    const jumpbox = await podRunning(ctx, JUMPBOX, { createdIn: JUMPBOX_STEP });
    if (!jumpbox.passed) return jumpbox;
    const service = await ctx.get('Service', SERVICE);
    if (service) {
      return ctx.fail(
        `A Service ${SERVICE} already exists (cluster IP ${service.spec?.clusterIP ?? 'none'}), so the curl in this ` +
          'step would succeed instead of failing.',
        `To see the failure, delete it (kubectl delete service ${SERVICE} -n ${ctx.namespace}); step 4 creates it again.`,
      );
    }
    return ctx.pass(`The jumpbox runs, and there is no Service ${SERVICE} yet: no cluster IP, no DNS name.`);
  },
} satisfies Check;
