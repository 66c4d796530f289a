import type { Check } from 'k8s-labs/sdk';
import { EVENT_BUS, POSTS, reaches } from './_lab.js';

export default {
  title: 'posts reaches the event bus at event-bus-srv:4005',
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    return reaches(ctx, POSTS, EVENT_BUS);
  },
} satisfies Check;
