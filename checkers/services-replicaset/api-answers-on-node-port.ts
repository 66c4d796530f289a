import { activePods, type Check, failureText, firstPod, plainHostname, podName } from 'k8s-labs/sdk';
import { API } from './_lab.js';

export default {
  title: "the API answers on its node port, at the node's own address",
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    const service = await ctx.get('Service', API.service);
    const nodePort = service?.spec?.ports?.[0]?.nodePort;
    if (!nodePort) return ctx.fail(`${API.service} has no node port yet: it must be of type NodePort.`);
    return ctx.eventually(async () => {
      const pod = await firstPod(ctx, API.pods.labels, 'API');
      if (!pod.ok) return pod.outcome;
      const nodeIP = pod.value.status?.hostIP;
      if (!nodeIP) return ctx.fail(`${podName(pod.value)} does not report its node's IP yet.`);
      const url = `http://${nodeIP}:${nodePort}/hostname`;
      const result = await ctx.httpGet(podName(pod.value), url, { timeoutMs: 4000 });
      const answeredBy = result.ok ? plainHostname(result.body) : undefined;
      const apiPods = (await activePods(ctx, API.pods.labels)).map(podName);
      if (answeredBy && apiPods.includes(answeredBy))
        return ctx.pass(`GET ${url} (node IP, node port) was answered by ${answeredBy}.`);
      return ctx.fail(
        result.ok ? `GET ${url} was answered, but not by an API pod.` : `GET ${url} failed: ${failureText(result)}.`,
      );
    });
  },
} satisfies Check;
