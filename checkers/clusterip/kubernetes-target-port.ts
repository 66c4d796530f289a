import { NONE, type Question } from 'k8s-labs/sdk';
import { kubernetesService } from './_lab.js';

/** The API server's own port: 6443 on kind, something else elsewhere. */
export default {
  async expected(ctx) {
    const port = (await kubernetesService(ctx)).spec?.ports?.[0];
    return port?.targetPort ?? port?.port ?? NONE;
  },
} satisfies Question;
