import { type Check, readyEndpoints } from 'k8s-labs/sdk';
import { DB, backing } from './_lab.js';

export default {
  title: 'go-demo-2-db has 1 ready endpoint',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, DB.service, 1, backing(DB.replicaSet));
  },
} satisfies Check;
