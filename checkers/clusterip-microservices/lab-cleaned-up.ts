import { type Check, nothingLeft } from 'k8s-labs/sdk';
import { EVENT_BUS, POSTS } from './_lab.js';

export default {
  title: 'both Deployments and both Services are gone',
  async run(ctx) {
    return nothingLeft(
      ctx,
      [POSTS, EVENT_BUS].flatMap((app) => [
        { kind: 'Deployment' as const, name: app.deployment },
        { kind: 'Service' as const, name: app.service },
      ]),
    );
  },
} satisfies Check;
