import { type Check, servicePortIs, targetPortReaches } from 'k8s-labs/sdk';
import { API } from './_lab.js';

export default {
  title: 'go-demo-2-api listens on 8080 and forwards to the API on 8080',
  async run(ctx) {
    const port = await servicePortIs(ctx, API.service, API.port);
    if (!port.passed) return port;
    const target = await targetPortReaches(ctx, API.service, API.port);
    return target.passed ? ctx.pass(`${port.message} ${target.message}`) : target;
  },
} satisfies Check;
