import { type Check, targetPortReaches } from 'k8s-labs/sdk';
import { SERVICE, SERVICE_PORT } from './_lab.js';

export default {
  title: "its targetPort leads to the containers' port",
  async run(ctx) {
    return targetPortReaches(ctx, SERVICE, SERVICE_PORT);
  },
} satisfies Check;
