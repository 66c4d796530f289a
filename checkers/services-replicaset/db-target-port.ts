import type { Question } from 'k8s-labs/sdk';
import { DB, serviceFor } from './_lab.js';

export default {
  async expected(ctx) {
    const port = (await serviceFor(ctx, DB.service)).spec?.ports?.[0];
    const target = port?.targetPort ?? port?.port;
    if (target === undefined) throw new Error(`Service ${DB.service} has no port`);
    return target;
  },
} satisfies Question;
