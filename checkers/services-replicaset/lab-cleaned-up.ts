import { type Check, nothingLeft } from 'k8s-labs/sdk';
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
