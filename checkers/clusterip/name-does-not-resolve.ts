import type { Check } from 'k8s-labs/sdk';
import { findReadyPod } from '../_lib/_pods.js';
import { failureText } from '../_lib/_traffic.js';
import { JUMPBOX, JUMPBOX_STEP, serviceUrl } from './_lab.js';

export default {
  title: 'from the jumpbox, the echo-frontend name does not answer yet',
  needs: ['data-plane'],
  precondition: true,
  timeoutMs: 15_000,
  async run(ctx) {
    const jumpbox = await findReadyPod(ctx, JUMPBOX, JUMPBOX_STEP);
    if (!jumpbox.ok) return jumpbox.outcome;
    const url = serviceUrl(ctx);
    const result = await ctx.httpGet(JUMPBOX, url, { timeoutMs: 5000 });
    if (!result.ok) return ctx.pass(`curl ${url} fails as expected: ${failureText(result)}.`);
    return ctx.fail(`curl ${url} already gets an answer (HTTP ${result.status}): a Service by that name exists.`);
  },
} satisfies Check;
