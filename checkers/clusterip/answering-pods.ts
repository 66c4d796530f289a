import { type Question, rolloutPending } from 'k8s-labs/sdk';
import { APP, SERVICE } from './_lab.js';

/** How many different pods can answer: the Service's ready endpoints, once a rollout settled. */
export default {
  timeoutMs: 20_000,
  async expected(ctx) {
    await ctx.eventually(async () => {
      const deployment = await ctx.get('Deployment', APP);
      const pending = deployment ? rolloutPending('Deployment', deployment) : undefined;
      return pending ? ctx.fail(pending) : ctx.pass('settled');
    });
    const endpoints = await ctx.endpointsOf(SERVICE);
    return endpoints.filter((endpoint) => endpoint.ready).length;
  },
} satisfies Question;
