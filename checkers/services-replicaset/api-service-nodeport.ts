import type { Check } from 'k8s-labs/sdk';
import { serviceTypeIs } from '../_lib/_service.js';
import { API } from './_lab.js';

export default {
  title: 'go-demo-2-api is a NodePort Service',
  async run(ctx) {
    return serviceTypeIs(ctx, API.service, 'NodePort');
  },
} satisfies Check;
