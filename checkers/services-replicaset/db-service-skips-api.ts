import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { DB } from './_lab.js';

export default {
  title: 'go-demo-2-db still selects only the database pod, not the API pods',
  // Confirms that the Service from step 2 keeps working once the API pods share its labels.
  precondition: true,
  async run(ctx) {
    return selectsExactly(ctx, DB.service, DB.pods);
  },
} satisfies Check;
