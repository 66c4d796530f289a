import { type Check, failureText, findPod, findReadyPod, waitUnlessStuck } from 'k8s-labs/sdk';
import { JUMPBOX, JUMPBOX_STEP } from './_lab.js';

export default {
  title: 'nginx in the jumpbox serves its welcome page',
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    const exists = await findPod(ctx, JUMPBOX, JUMPBOX_STEP);
    if (!exists.ok) return exists.outcome;
    // Waits while the pod starts; an exec into a pod that is not running cannot succeed.
    return waitUnlessStuck(ctx, async () => {
      const jumpbox = await findReadyPod(ctx, JUMPBOX, JUMPBOX_STEP);
      if (!jumpbox.ok) return jumpbox.outcome;
      const result = await ctx.httpGet(JUMPBOX, 'http://localhost:80/');
      if (result.ok && /welcome to nginx/i.test(result.body)) {
        return ctx.pass('curl localhost inside the jumpbox returns the nginx welcome page.');
      }
      return ctx.fail(
        result.ok
          ? 'The jumpbox answers on port 80, but not with the nginx welcome page.'
          : `curl localhost inside the jumpbox failed: ${failureText(result)}.`,
        `Is the container still starting? kubectl logs jumpbox -n ${ctx.namespace} shows what nginx says.`,
      );
    });
  },
} satisfies Check;
