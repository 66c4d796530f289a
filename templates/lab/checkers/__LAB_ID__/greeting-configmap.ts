// A check: grades the outcome in the cluster, not how the learner got there.
// The SDK (ctx.get, ctx.list, ctx.eventually, ...) is described in k8s-labs' docs/checker-sdk.md.
import type { Check } from 'k8s-labs/sdk';

// TODO: replace with a check of your own step; its file name is the id listed under `checks:`.
export default {
  title: 'ConfigMap "greeting" holds message=hello',
  async run(ctx) {
    const configMap = await ctx.get('ConfigMap', 'greeting');
    if (!configMap) {
      return ctx.fail(`there is no ConfigMap "greeting" in ${ctx.namespace} yet`, 'kubectl create configmap --help');
    }
    const message = configMap.data?.['message'];
    if (message !== 'hello') {
      return ctx.fail(`its key "message" is ${message === undefined ? 'missing' : `"${message}"`}, not "hello"`);
    }
    return ctx.pass('ConfigMap "greeting" holds message=hello');
  },
} satisfies Check;
