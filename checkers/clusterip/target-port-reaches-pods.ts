import type { Check } from 'k8s-labs/sdk';
import { targetPortReaches } from '../_lib/_service.js';
import { SERVICE, SERVICE_PORT } from './_lab.js';

export default {
  title: "its targetPort leads to the containers' port",
  async run(ctx) {
    return targetPortReaches(ctx, SERVICE, SERVICE_PORT);
  },
} satisfies Check;
