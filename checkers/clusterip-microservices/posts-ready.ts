import { type Check, workloadReady } from 'k8s-labs/sdk';
import { POSTS } from './_lab.js';

export default {
  title: 'the posts Deployment has all its replicas ready',
  timeoutMs: 60_000,
  async run(ctx) {
    return workloadReady(ctx, 'Deployment', POSTS.deployment, 'any');
  },
} satisfies Check;
