import { type Check, servicePortIs, targetPortReaches } from 'k8s-labs/sdk';
import { DB } from './_lab.js';

export default {
  title: 'go-demo-2-db listens on 27017 and forwards to MongoDB on 27017',
  async run(ctx) {
    const port = await servicePortIs(ctx, DB.service, DB.port);
    if (!port.passed) return port;
    const target = await targetPortReaches(ctx, DB.service, DB.port);
    return target.passed ? ctx.pass(`${port.message} ${target.message}`) : target;
  },
} satisfies Check;
