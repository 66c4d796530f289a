import {
  activePods,
  type Check,
  collectAnswers,
  distinct,
  failureText,
  findReadyPod,
  listNames,
  podName,
  whoamiHostname,
} from 'k8s-labs/sdk';
import { BACKEND_PODS, FRONTEND, SERVICE } from './_lab.js';

const REQUESTS = 24;

export default {
  title: 'the frontend pod reaches only backend pods at http://back-end',
  needs: ['data-plane'],
  // Calling the Service changes nothing: step 2 made it reachable.
  precondition: true,
  timeoutMs: 30_000,
  async run(ctx) {
    const frontend = await findReadyPod(ctx, FRONTEND, 'step 1');
    if (!frontend.ok) return frontend.outcome;
    const url = `http://${SERVICE}`;
    const backends = new Set((await activePods(ctx, BACKEND_PODS.labels)).map(podName));
    // Random spreading might miss a wrongly selected pod; the API says for sure who can answer.
    const service = await ctx.get('Service', SERVICE);
    const others = service
      ? (await ctx.podsSelectedBy(service)).map(podName).filter((name) => !backends.has(name))
      : [];
    if (others.length > 0) {
      return ctx.fail(
        `${SERVICE} also sends requests to ${listNames(others)}, which is not a backend pod.`,
        'Select on both labels, app=myapp and type=backend.',
      );
    }
    // Right after pods change, kube-proxy may still route a few requests to a pod that is gone:
    // send the batch again until every request is answered, or time is up.
    let answers = await collectAnswers(ctx, FRONTEND, url, REQUESTS, whoamiHostname);
    const failed = await ctx.eventually(async () => {
      if (answers.failures.length === 0) return ctx.pass('all answered');
      const outcome = ctx.fail(
        `${answers.failures.length} of ${REQUESTS} requests to ${url} failed: ${failureText(answers.failures[0]!)}.`,
      );
      answers = await collectAnswers(ctx, FRONTEND, url, REQUESTS, whoamiHostname);
      return answers.failures.length === 0 ? ctx.pass('all answered') : outcome;
    });
    if (!failed.passed) return failed;
    const strangers = distinct(answers.answeredBy.filter((name) => !backends.has(name)));
    if (answers.unrecognised.length > 0 || strangers.length > 0) {
      return ctx.fail(
        `Some requests to ${url} were answered by something other than a backend pod` +
          `${strangers.length > 0 ? ` (${listNames(strangers)})` : ''}: the selector is too broad.`,
        'Select on both labels, app=myapp and type=backend.',
      );
    }
    const seen = distinct(answers.answeredBy);
    return ctx.pass(`All ${REQUESTS} requests to ${url} were answered by backend pods: ${listNames(seen)}.`);
  },
} satisfies Check;
