import { type Check, servicePortIs, targetPortReaches } from 'k8s-labs/sdk';
import { POSTS } from './_lab.js';

export default {
  title: 'posts-clusterip-srv listens on 4000 and forwards to the containers on 4000',
  async run(ctx) {
    const port = await servicePortIs(ctx, POSTS.service, POSTS.port);
    if (!port.passed) return port;
    const target = await targetPortReaches(ctx, POSTS.service, POSTS.port);
    return target.passed ? ctx.pass(`${port.message} ${target.message}`) : target;
  },
} satisfies Check;
