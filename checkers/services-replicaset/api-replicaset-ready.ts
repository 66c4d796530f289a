import { type Check, workloadReady } from 'k8s-labs/sdk';
import { API } from './_lab.js';

export default {
  title: 'the API ReplicaSet runs 3 ready pods',
  timeoutMs: 60_000,
  async run(ctx) {
    return workloadReady(ctx, 'ReplicaSet', API.replicaSet, API.replicas);
  },
} satisfies Check;
