import type { Check } from 'k8s-labs/sdk';
import { workloadReady } from '../_lib/_workload.js';
import { EVENT_BUS } from './_lab.js';

export default {
  title: 'the event-bus Deployment has all its replicas ready',
  timeoutMs: 60_000,
  async run(ctx) {
    return workloadReady(ctx, 'Deployment', EVENT_BUS.deployment, 'any');
  },
} satisfies Check;
