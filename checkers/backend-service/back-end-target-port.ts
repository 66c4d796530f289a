import type { Question } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    const port = (await backEnd(ctx)).spec?.ports?.[0];
    const target = port?.targetPort ?? port?.port;
    if (target === undefined) throw new Error('the back-end Service has no port');
    return target;
  },
} satisfies Question;
