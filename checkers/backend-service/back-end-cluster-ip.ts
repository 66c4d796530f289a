import type { Question } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    const ip = (await backEnd(ctx)).spec?.clusterIP;
    if (!ip) throw new Error('the back-end Service has no cluster IP yet');
    return ip;
  },
} satisfies Question;
