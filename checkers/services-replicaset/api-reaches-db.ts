import type { Check } from 'k8s-labs/sdk';
import { firstPod, podName } from '../_lib/_pods.js';
import { API, DB, dbSetting } from './_lab.js';

export default {
  title: 'an API pod opens a connection to the database through the Service',
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    return ctx.eventually(async () => {
      const pod = await firstPod(ctx, API.pods.labels, 'API');
      if (!pod.ok) return pod.outcome;
      const host = (dbSetting(await ctx.get('ReplicaSet', API.replicaSet)) ?? DB.service).replace(/:\d+$/, '');
      const target = `${host}:${DB.port}`;
      const result = await ctx.exec(podName(pod.value), ['/agnhost', 'connect', target, '--timeout=3s']);
      if (result.exitCode === 0) return ctx.pass(`${podName(pod.value)} connected to ${target}.`);
      const why = (result.stderr || result.stdout).trim() || `exit code ${result.exitCode}`;
      return ctx.fail(`${podName(pod.value)} could not connect to ${target}: ${why}.`, 'The checks of step 2 show what the Service still lacks.');
    });
  },
} satisfies Check;
