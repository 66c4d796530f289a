import type { Check } from 'k8s-labs/sdk';
import { readyEndpoints } from '../_lib/_endpoints.js';
import { BACKEND, REPLICAS, SERVICE } from './_lab.js';

export default {
  title: 'back-end has 3 ready endpoints',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, SERVICE, REPLICAS, { kind: 'Deployment', name: BACKEND });
  },
} satisfies Check;
