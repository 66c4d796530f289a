import { type Check, readyEndpoints } from 'k8s-labs/sdk';
import { BACKEND, REPLICAS, SERVICE } from './_lab.js';

export default {
  title: 'back-end has 3 ready endpoints',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, SERVICE, REPLICAS, { kind: 'Deployment', name: BACKEND });
  },
} satisfies Check;
