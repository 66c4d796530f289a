import { type Check, serviceTypeIs } from 'k8s-labs/sdk';
import { API } from './_lab.js';

export default {
  title: 'go-demo-2-api is a NodePort Service',
  async run(ctx) {
    return serviceTypeIs(ctx, API.service, 'NodePort');
  },
} satisfies Check;
