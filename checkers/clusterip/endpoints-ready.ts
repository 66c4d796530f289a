import { type Check, readyEndpoints } from 'k8s-labs/sdk';
import { APP, REPLICAS, SERVICE } from './_lab.js';

export default {
  title: 'echo-frontend has 3 ready endpoints',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, SERVICE, REPLICAS, { kind: 'Deployment', name: APP });
  },
} satisfies Check;
