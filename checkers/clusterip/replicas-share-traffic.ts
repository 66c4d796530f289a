import {
  type Check,
  collectAnswers,
  distinct,
  failureText,
  findReadyPod,
  listNames,
  plural,
  rolloutPending,
  whoamiHostname,
} from 'k8s-labs/sdk';
import { APP, JUMPBOX, JUMPBOX_STEP, SERVICE, serviceUrl } from './_lab.js';

const REQUESTS = 24;

export default {
  title: 'requests to the Service are spread over several replicas',
  needs: ['data-plane'],
  // Watching the spread changes nothing in the cluster: step 4 already made it possible.
  precondition: true,
  timeoutMs: 45_000,
  async run(ctx) {
    const jumpbox = await findReadyPod(ctx, JUMPBOX, JUMPBOX_STEP);
    if (!jumpbox.ok) return jumpbox.outcome;
    // Right after a scale-down, pods on their way out may still answer: wait for the rollout.
    const settled = await ctx.eventually(async () => {
      const deployment = await ctx.get('Deployment', APP);
      const pending = deployment ? rolloutPending('Deployment', deployment) : `there is no Deployment ${APP}`;
      return pending ? ctx.fail(`${APP} is still changing: ${pending}.`) : ctx.pass(`${APP} is settled.`);
    });
    if (!settled.passed) return settled;
    const ready = (await ctx.endpointsOf(SERVICE)).filter((endpoint) => endpoint.ready);
    if (ready.length < 2) {
      return ctx.fail(
        `${SERVICE} has ${plural(ready.length, 'ready endpoint')}, so at most one pod can answer.`,
        `Spreading needs at least two: kubectl scale deployment ${APP} --replicas=3 -n ${ctx.namespace}`,
      );
    }
    const url = serviceUrl(ctx);
    const answers = await collectAnswers(ctx, JUMPBOX, url, REQUESTS, whoamiHostname);
    const pods = distinct(answers.answeredBy);
    if (pods.length >= 2) {
      return ctx.pass(
        `${answers.answeredBy.length} of ${REQUESTS} requests were answered by ${pods.length} different pods: ${listNames(pods, 5)}.`,
      );
    }
    if (pods.length === 1) {
      return ctx.fail(
        `All ${answers.answeredBy.length} answers came from one pod, ${pods[0]}.`,
        'kube-proxy can only spread connections over ready endpoints: does echo-frontend still have 3 ready replicas?',
      );
    }
    const first = answers.failures[0];
    return ctx.fail(
      `None of the ${REQUESTS} requests to ${url} got an answer from an echo-frontend pod` +
        `${first ? `: ${failureText(first)}` : ''}.`,
      'Go back to step 4: its checks show what is missing.',
    );
  },
} satisfies Check;
