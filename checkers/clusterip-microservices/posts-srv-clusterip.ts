import { type Check, serviceTypeIs } from 'k8s-labs/sdk';
import { POSTS } from './_lab.js';

export default {
  title: 'posts-clusterip-srv is a ClusterIP Service in the lab namespace',
  async run(ctx) {
    return serviceTypeIs(ctx, POSTS.service, 'ClusterIP');
  },
} satisfies Check;
