import type { Question } from 'k8s-labs/sdk';
import { NONE } from '../_lib/_answers.js';
import { selectorList } from '../_lib/_service.js';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    const service = await backEnd(ctx);
    return service ? selectorList(service) : NONE;
  },
} satisfies Question;
