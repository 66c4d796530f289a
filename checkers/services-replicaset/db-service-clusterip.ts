import { type Check, serviceTypeIs } from 'k8s-labs/sdk';
import { DB } from './_lab.js';

export default {
  title: 'go-demo-2-db is a ClusterIP Service in the lab namespace',
  async run(ctx) {
    return serviceTypeIs(ctx, DB.service, 'ClusterIP');
  },
} satisfies Check;
