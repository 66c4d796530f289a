import { NONE, type Question, selectorList } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    const service = await backEnd(ctx);
    return service ? selectorList(service) : NONE;
  },
} satisfies Question;
