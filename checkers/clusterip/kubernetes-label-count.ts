import type { Question } from 'k8s-labs/sdk';
import { kubernetesService } from './_lab.js';

export default {
  async expected(ctx) {
    return Object.keys((await kubernetesService(ctx)).metadata?.labels ?? {}).length;
  },
} satisfies Question;
