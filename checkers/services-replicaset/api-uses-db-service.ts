import type { Check } from 'k8s-labs/sdk';
import { API, DB, dbServiceNames, dbSetting } from './_lab.js';

export default {
  title: 'the API finds the database by its Service name',
  async run(ctx) {
    const replicaSet = await ctx.get('ReplicaSet', API.replicaSet);
    if (!replicaSet) return ctx.fail(`There is no ReplicaSet ${API.replicaSet} in namespace ${ctx.namespace} yet.`);
    const value = dbSetting(replicaSet.spec?.template?.spec);
    const fix = `Set the DB variable of the API container to ${DB.service}, the name of the database Service.`;
    if (value === undefined)
      return ctx.fail(`The API containers have no DB variable, so they do not know where the database is.`, fix);
    const host = value.replace(/:\d+$/, '');
    if (dbServiceNames(ctx.namespace).includes(host)) {
      return ctx.pass(`DB=${value}: the API reaches the database through the Service, whatever the database pod's IP.`);
    }
    if (host === 'localhost' || host === '127.0.0.1') {
      return ctx.fail(
        `DB=${value} only worked while the API and the database shared a pod; now they run in separate pods.`,
        fix,
      );
    }
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      return ctx.fail(
        `DB=${value} is an IP address. A pod's IP changes when the pod is replaced; the Service name does not.`,
        fix,
      );
    }
    return ctx.fail(`DB=${value} does not name the database Service ${DB.service} in namespace ${ctx.namespace}.`, fix);
  },
} satisfies Check;
