import type { Check } from 'k8s-labs/sdk';
import { readyEndpoints } from '../_lib/_endpoints.js';
import { DB, backing } from './_lab.js';

export default {
  title: 'go-demo-2-db has 1 ready endpoint',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, DB.service, 1, backing(DB.replicaSet));
  },
} satisfies Check;
