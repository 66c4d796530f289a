import { type Check, failureText, findReadyPod, whoamiHostname } from 'k8s-labs/sdk';
import { JUMPBOX, JUMPBOX_STEP, SERVICE, serviceUrl } from './_lab.js';

export default {
  title: 'curl from the jumpbox to the Service name gets an answer',
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    // Both reads at once: the curl waits for neither one after the other.
    const [jumpbox, service] = await Promise.all([
      findReadyPod(ctx, JUMPBOX, JUMPBOX_STEP),
      ctx.get('Service', SERVICE),
    ]);
    if (!jumpbox.ok) return jumpbox.outcome;
    const url = serviceUrl(ctx);
    // Without the Service the name cannot resolve: say so now instead of retrying for 30 s.
    if (!service)
      return ctx.fail(
        `There is no Service ${SERVICE} in namespace ${ctx.namespace} yet, so ${url} cannot resolve.`,
        'Create the Service first; this check then curls it from the jumpbox.',
      );
    return ctx.eventually(async () => {
      const result = await ctx.httpGet(JUMPBOX, url, { timeoutMs: 4000 });
      const pod = result.ok ? whoamiHostname(result.body) : undefined;
      if (pod) return ctx.pass(`curl ${url} was answered by pod ${pod}.`);
      return ctx.fail(
        result.ok
          ? `curl ${url} got an answer, but not from an echo-frontend pod.`
          : `curl ${url} from the jumpbox failed: ${failureText(result)}.`,
        'A name that does not resolve means no Service by that name in this namespace, or one made seconds ago ' +
          '(some clusters keep a "no such name" answer for up to 30 s): check again in a moment. A refused or ' +
          'timed-out connection usually means no ready endpoints or a targetPort the pods do not listen on.',
      );
    });
  },
} satisfies Check;
