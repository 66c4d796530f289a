import { type Check, readyEndpoints } from 'k8s-labs/sdk';
import { API, backing } from './_lab.js';

export default {
  title: 'go-demo-2-api has 3 ready endpoints',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, API.service, API.replicas, backing(API.replicaSet));
  },
} satisfies Check;
