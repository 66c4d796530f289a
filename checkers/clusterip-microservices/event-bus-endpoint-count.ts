import { type Question, rolloutPending } from 'k8s-labs/sdk';
import { EVENT_BUS } from './_lab.js';

/** The ready endpoints of event-bus-srv, counted once a scale change has settled. */
export default {
  timeoutMs: 20_000,
  async expected(ctx) {
    await ctx.eventually(async () => {
      const deployment = await ctx.get('Deployment', EVENT_BUS.deployment);
      const pending = deployment ? rolloutPending('Deployment', deployment) : undefined;
      return pending ? ctx.fail(pending) : ctx.pass('settled');
    });
    return (await ctx.endpointsOf(EVENT_BUS.service)).filter((endpoint) => endpoint.ready).length;
  },
} satisfies Question;
