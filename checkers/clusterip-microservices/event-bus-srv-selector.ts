import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { EVENT_BUS } from './_lab.js';

export default {
  title: "event-bus-srv's selector picks exactly the event-bus pods",
  async run(ctx) {
    return selectsExactly(ctx, EVENT_BUS.service, EVENT_BUS.pods);
  },
} satisfies Check;
