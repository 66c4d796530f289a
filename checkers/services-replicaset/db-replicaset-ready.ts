import { type Check, workloadReady } from 'k8s-labs/sdk';
import { DB } from './_lab.js';

export default {
  title: 'the database ReplicaSet runs 1 ready pod',
  timeoutMs: 90_000,
  async run(ctx) {
    return workloadReady(ctx, 'ReplicaSet', DB.replicaSet, 1);
  },
} satisfies Check;
