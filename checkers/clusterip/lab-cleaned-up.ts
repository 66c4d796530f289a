import { type Check, nothingLeft } from 'k8s-labs/sdk';
import { APP, JUMPBOX, SERVICE } from './_lab.js';

export default {
  title: 'the Service, the Deployment and the jumpbox are gone',
  async run(ctx) {
    return nothingLeft(ctx, [
      { kind: 'Service', name: SERVICE },
      { kind: 'Deployment', name: APP },
      { kind: 'Pod', name: JUMPBOX },
    ]);
  },
} satisfies Check;
