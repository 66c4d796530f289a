import type { Check } from 'k8s-labs/sdk';
import { EVENT_BUS, POSTS, reaches } from './_lab.js';

export default {
  title: 'the event bus reaches posts at posts-clusterip-srv:4000',
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    return reaches(ctx, EVENT_BUS, POSTS);
  },
} satisfies Check;
