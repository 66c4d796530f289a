import { type Check, readyEndpoints } from 'k8s-labs/sdk';
import { POSTS, backing } from './_lab.js';

export default {
  title: 'posts-clusterip-srv has one ready endpoint per replica',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, POSTS.service, 'replicas', backing(POSTS));
  },
} satisfies Check;
