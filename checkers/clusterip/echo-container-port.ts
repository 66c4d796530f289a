import type { Question } from 'k8s-labs/sdk';
import { APP } from './_lab.js';

/** The containerPort declared in the echo-frontend Deployment's pod template. */
export default {
  async expected(ctx) {
    const deployment = await ctx.get('Deployment', APP);
    const port = deployment?.spec?.template.spec?.containers[0]?.ports?.[0]?.containerPort;
    if (port === undefined) throw new Error(`Deployment ${APP} in ${ctx.namespace} declares no containerPort`);
    return port;
  },
} satisfies Question;
