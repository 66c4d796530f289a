import { NONE, type Question } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

/** Labels on the Service object itself (metadata.labels), not its selector. */
export default {
  async expected(ctx) {
    const service = await backEnd(ctx);
    return service ? Object.keys(service.metadata?.labels ?? {}).length : NONE;
  },
} satisfies Question;
