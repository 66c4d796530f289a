import { type Check, podRunning } from 'k8s-labs/sdk';
import { JUMPBOX, JUMPBOX_STEP } from './_lab.js';

export default {
  title: 'the jumpbox pod runs nginx in the lab namespace',
  timeoutMs: 60_000,
  async run(ctx) {
    return podRunning(ctx, JUMPBOX, {
      createdIn: JUMPBOX_STEP,
      image: { pattern: /(^|\/)nginx(:|@|$)/, name: 'an nginx image' },
    });
  },
} satisfies Check;
