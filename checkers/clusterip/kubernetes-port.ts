import type { Question } from 'k8s-labs/sdk';
import { kubernetesService } from './_lab.js';

export default {
  async expected(ctx) {
    const port = (await kubernetesService(ctx)).spec?.ports?.[0]?.port;
    if (port === undefined) throw new Error('the kubernetes Service has no port');
    return port;
  },
} satisfies Question;
