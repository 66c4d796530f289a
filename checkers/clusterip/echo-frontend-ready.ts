import { type Check, workloadReady } from 'k8s-labs/sdk';
import { APP, REPLICAS } from './_lab.js';

export default {
  title: 'echo-frontend runs 3 ready replicas',
  timeoutMs: 60_000,
  async run(ctx) {
    return workloadReady(ctx, 'Deployment', APP, REPLICAS);
  },
} satisfies Check;
