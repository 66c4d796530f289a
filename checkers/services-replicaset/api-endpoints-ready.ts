import type { Check } from 'k8s-labs/sdk';
import { readyEndpoints } from '../_lib/_endpoints.js';
import { API, backing } from './_lab.js';

export default {
  title: 'go-demo-2-api has 3 ready endpoints',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, API.service, API.replicas, backing(API.replicaSet));
  },
} satisfies Check;
