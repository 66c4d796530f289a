import { type Check, serviceTypeIs } from 'k8s-labs/sdk';
import { SERVICE } from './_lab.js';

export default {
  title: 'echo-frontend is a ClusterIP Service in the lab namespace',
  async run(ctx) {
    return serviceTypeIs(ctx, SERVICE, 'ClusterIP');
  },
} satisfies Check;
