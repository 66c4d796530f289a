import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { API } from './_lab.js';

export default {
  title: "go-demo-2-api's selector picks exactly the 3 API pods",
  async run(ctx) {
    return selectsExactly(ctx, API.service, API.pods);
  },
} satisfies Check;
