import { type Check, selectsExactly } from 'k8s-labs/sdk';
import { DB } from './_lab.js';

export default {
  title: "go-demo-2-db's selector picks exactly the database pod",
  async run(ctx) {
    return selectsExactly(ctx, DB.service, DB.pods);
  },
} satisfies Check;
