import type { Question } from 'k8s-labs/sdk';
import { kubernetesService } from './_lab.js';

/** The API server's own port: 6443 on kind, something else elsewhere. */
export default {
  async expected(ctx) {
    const port = (await kubernetesService(ctx)).spec?.ports?.[0];
    const target = port?.targetPort ?? port?.port;
    if (target === undefined) throw new Error('the kubernetes Service has no port');
    return target;
  },
} satisfies Question;
