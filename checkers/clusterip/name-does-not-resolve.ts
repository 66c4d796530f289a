import { type Check, failureText, findReadyPod } from 'k8s-labs/sdk';
import { JUMPBOX, JUMPBOX_STEP, serviceUrl } from './_lab.js';

/**
 * How a client says a name does not exist: curl's exit code 6 ("Could not resolve host"), and
 * wget's words for the same (busybox: "bad address", GNU: "unable to resolve host address").
 */
const DNS_FAILURE =
  /could not resolve host|bad address|unable to resolve host|name or service not known|no address associated/i;

export default {
  title: 'from the jumpbox, the echo-frontend name does not resolve yet',
  needs: ['data-plane'],
  precondition: true,
  timeoutMs: 15_000,
  async run(ctx) {
    const jumpbox = await findReadyPod(ctx, JUMPBOX, JUMPBOX_STEP);
    if (!jumpbox.ok) return jumpbox.outcome;
    const url = serviceUrl(ctx);
    const result = await ctx.httpGet(JUMPBOX, url, { timeoutMs: 5000 });
    if (result.status !== 0) {
      return ctx.fail(`curl ${url} already gets an answer (HTTP ${result.status}): a Service by that name exists.`);
    }
    const why = failureText(result);
    if (DNS_FAILURE.test(why)) return ctx.pass(`curl ${url} fails as expected: ${why}.`);
    return ctx.fail(
      `curl ${url} failed, but not because the name is unknown: ${why}. Only a DNS failure ("Could not resolve host") ` +
        `shows that no Service by that name exists yet.`,
      `Run it yourself to see what goes wrong: kubectl exec ${JUMPBOX} -n ${ctx.namespace} -- curl -sS -m 5 ${url}`,
    );
  },
} satisfies Check;
