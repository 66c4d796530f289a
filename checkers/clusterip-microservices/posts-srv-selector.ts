import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { POSTS } from './_lab.js';

export default {
  title: "posts-clusterip-srv's selector picks exactly the posts pods",
  async run(ctx) {
    return selectsExactly(ctx, POSTS.service, POSTS.pods);
  },
} satisfies Check;
