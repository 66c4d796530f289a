import { NONE, type Question } from 'k8s-labs/sdk';
import { SERVICE } from './_lab.js';

/** "none" while there is no Service; its cluster IP once there is one. */
export default {
  async expected(ctx) {
    const service = await ctx.get('Service', SERVICE);
    return service?.spec?.clusterIP ?? NONE;
  },
} satisfies Question;
