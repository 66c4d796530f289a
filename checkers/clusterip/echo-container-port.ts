import { NONE, type Question } from 'k8s-labs/sdk';
import { APP } from './_lab.js';

/** The containerPort declared in the echo-frontend Deployment's pod template; "none" without one. */
export default {
  async expected(ctx) {
    const deployment = await ctx.get('Deployment', APP);
    return deployment?.spec?.template.spec?.containers[0]?.ports?.[0]?.containerPort ?? NONE;
  },
} satisfies Question;
