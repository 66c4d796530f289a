import { NONE, type Question } from 'k8s-labs/sdk';
import { backEnd } from './_lab.js';

export default {
  async expected(ctx) {
    const port = (await backEnd(ctx))?.spec?.ports?.[0];
    return port?.targetPort ?? port?.port ?? NONE;
  },
} satisfies Question;
