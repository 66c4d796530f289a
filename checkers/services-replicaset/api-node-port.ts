import { NONE, type Question } from 'k8s-labs/sdk';
import { API, serviceFor } from './_lab.js';

/** The node port Kubernetes picked; "none" while the Service has none. */
export default {
  async expected(ctx) {
    return (await serviceFor(ctx, API.service))?.spec?.ports?.[0]?.nodePort ?? NONE;
  },
} satisfies Question;
