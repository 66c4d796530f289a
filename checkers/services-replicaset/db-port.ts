import { NONE, type Question } from 'k8s-labs/sdk';
import { DB, serviceFor } from './_lab.js';

export default {
  async expected(ctx) {
    return (await serviceFor(ctx, DB.service))?.spec?.ports?.[0]?.port ?? NONE;
  },
} satisfies Question;
