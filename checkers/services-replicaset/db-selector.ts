import type { Question } from 'k8s-labs/sdk';
import { selectorList } from '../_lib/_service.js';
import { DB, serviceFor } from './_lab.js';

export default {
  async expected(ctx) {
    return selectorList(await serviceFor(ctx, DB.service));
  },
} satisfies Question;
