import type { Question } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

/** Labels on the Service object itself (metadata.labels), not its selector. */
export default {
  async expected(ctx) {
    return Object.keys((await backEnd(ctx)).metadata?.labels ?? {}).length;
  },
} satisfies Question;
