import { type Check, servicePortIs, targetPortReaches } from 'k8s-labs/sdk';
import { PORT, SERVICE } from './_lab.js';

export default {
  title: 'back-end listens on 80 and forwards to the backend containers on 80',
  async run(ctx) {
    const port = await servicePortIs(ctx, SERVICE, PORT);
    if (!port.passed) return port;
    const target = await targetPortReaches(ctx, SERVICE, PORT);
    return target.passed ? ctx.pass(`${port.message} ${target.message}`) : target;
  },
} satisfies Check;
