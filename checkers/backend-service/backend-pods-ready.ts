import { type Check, workloadReady } from 'k8s-labs/sdk';
import { BACKEND, REPLICAS } from './_lab.js';

export default {
  title: 'myapp-backend runs 3 ready pods',
  timeoutMs: 60_000,
  async run(ctx) {
    return workloadReady(ctx, 'Deployment', BACKEND, REPLICAS);
  },
} satisfies Check;
