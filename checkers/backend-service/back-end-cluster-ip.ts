import type { Question } from 'k8s-labs/sdk';
import { NONE } from '../_lib/_answers.js';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    return (await backEnd(ctx))?.spec?.clusterIP || NONE;
  },
} satisfies Question;
