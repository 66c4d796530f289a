import { type Check, servicePortIs, targetPortReaches } from 'k8s-labs/sdk';
import { EVENT_BUS } from './_lab.js';

export default {
  title: 'event-bus-srv listens on 4005 and forwards to the containers on 4005',
  async run(ctx) {
    const port = await servicePortIs(ctx, EVENT_BUS.service, EVENT_BUS.port);
    if (!port.passed) return port;
    const target = await targetPortReaches(ctx, EVENT_BUS.service, EVENT_BUS.port);
    return target.passed ? ctx.pass(`${port.message} ${target.message}`) : target;
  },
} satisfies Check;
