import { type Check, podRunning } from 'k8s-labs/sdk';
import { FRONTEND } from './_lab.js';

export default {
  title: 'the myapp-frontend pod is running',
  timeoutMs: 60_000,
  async run(ctx) {
    return podRunning(ctx, FRONTEND, { createdIn: 'step 1' });
  },
} satisfies Check;
