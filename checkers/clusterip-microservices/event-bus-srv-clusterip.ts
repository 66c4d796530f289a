import { type Check, serviceTypeIs } from 'k8s-labs/sdk';
import { EVENT_BUS } from './_lab.js';

export default {
  title: 'event-bus-srv is a ClusterIP Service in the lab namespace',
  async run(ctx) {
    return serviceTypeIs(ctx, EVENT_BUS.service, 'ClusterIP');
  },
} satisfies Check;
