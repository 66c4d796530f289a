import { type Check, readyEndpoints, workloadReady } from 'k8s-labs/sdk';
import { EVENT_BUS, backing } from './_lab.js';

export default {
  title: 'the event bus runs 2 ready replicas behind event-bus-srv',
  timeoutMs: 60_000,
  async run(ctx) {
    const replicas = await workloadReady(ctx, 'Deployment', EVENT_BUS.deployment, 2);
    if (!replicas.passed) return replicas;
    const endpoints = await readyEndpoints(ctx, EVENT_BUS.service, 2, backing(EVENT_BUS));
    return endpoints.passed ? ctx.pass(`${replicas.message} ${endpoints.message}`) : endpoints;
  },
} satisfies Check;
