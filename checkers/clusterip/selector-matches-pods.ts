import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { ECHO_PODS, SERVICE } from './_lab.js';

export default {
  title: 'its selector picks exactly the 3 echo-frontend pods',
  async run(ctx) {
    return selectsExactly(ctx, SERVICE, ECHO_PODS);
  },
} satisfies Check;
