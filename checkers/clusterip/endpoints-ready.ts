import type { Check } from 'k8s-labs/sdk';
import { readyEndpoints } from '../_lib/_endpoints.js';
import { APP, REPLICAS, SERVICE } from './_lab.js';

export default {
  title: 'echo-frontend has 3 ready endpoints',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, SERVICE, REPLICAS, { kind: 'Deployment', name: APP });
  },
} satisfies Check;
