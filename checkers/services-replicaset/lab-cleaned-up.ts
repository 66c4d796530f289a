import type { Check } from 'k8s-labs/sdk';
import { nothingLeft } from '../_lib/_workload.js';
import { API, DB } from './_lab.js';

export default {
  title: 'both ReplicaSets and both Services are gone',
  async run(ctx) {
    return nothingLeft(ctx, [
      { kind: 'ReplicaSet', name: DB.replicaSet },
      { kind: 'Service', name: DB.service },
      { kind: 'ReplicaSet', name: API.replicaSet },
      { kind: 'Service', name: API.service },
    ]);
  },
} satisfies Check;
