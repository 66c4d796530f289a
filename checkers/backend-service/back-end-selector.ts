import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { BACKEND_PODS, SERVICE } from './_lab.js';

export default {
  title: "back-end's selector picks the 3 backend pods and not the frontend",
  async run(ctx) {
    return selectsExactly(ctx, SERVICE, BACKEND_PODS);
  },
} satisfies Check;
