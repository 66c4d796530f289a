import { type Check, readyEndpoints } from 'k8s-labs/sdk';
import { EVENT_BUS, backing } from './_lab.js';

export default {
  title: 'event-bus-srv has one ready endpoint per replica',
  timeoutMs: 30_000,
  async run(ctx) {
    return readyEndpoints(ctx, EVENT_BUS.service, 'replicas', backing(EVENT_BUS));
  },
} satisfies Check;
