import { type Check, workloadReady } from 'k8s-labs/sdk';
import { EVENT_BUS } from './_lab.js';

export default {
  title: 'the event-bus Deployment has all its replicas ready',
  timeoutMs: 60_000,
  async run(ctx) {
    return workloadReady(ctx, 'Deployment', EVENT_BUS.deployment, 'any');
  },
} satisfies Check;
