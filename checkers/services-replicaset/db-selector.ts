import { NONE, type Question, selectorList } from 'k8s-labs/sdk';
import { DB, serviceFor } from './_lab.js';

export default {
  async expected(ctx) {
    const service = await serviceFor(ctx, DB.service);
    return service ? selectorList(service) : NONE;
  },
} satisfies Question;
