import { NONE, type Question } from 'k8s-labs/sdk';
import { kubernetesService } from './_lab.js';

export default {
  async expected(ctx) {
    return (await kubernetesService(ctx)).spec?.ports?.[0]?.port ?? NONE;
  },
} satisfies Question;
