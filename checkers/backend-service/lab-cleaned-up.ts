import { type Check, nothingLeft } from 'k8s-labs/sdk';
import { BACKEND, FRONTEND, SERVICE } from './_lab.js';

export default {
  title: 'the backend, the frontend and the back-end Service are gone',
  async run(ctx) {
    return nothingLeft(ctx, [
      { kind: 'Service', name: SERVICE },
      { kind: 'Deployment', name: BACKEND },
      { kind: 'Pod', name: FRONTEND },
    ]);
  },
} satisfies Check;
