import { type Check, servicePortIs } from 'k8s-labs/sdk';
import { SERVICE, SERVICE_PORT } from './_lab.js';

export default {
  title: 'echo-frontend listens on port 80',
  async run(ctx) {
    return servicePortIs(ctx, SERVICE, SERVICE_PORT);
  },
} satisfies Check;
