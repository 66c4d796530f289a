import { NONE, type Question } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    return (await backEnd(ctx))?.spec?.clusterIP || NONE;
  },
} satisfies Question;
