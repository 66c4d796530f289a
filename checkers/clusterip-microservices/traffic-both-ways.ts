import { activePods, type Check, distinct, isReady, listNames, plural, podName } from 'k8s-labs/sdk';
import { EVENT_BUS, POSTS, ask } from './_lab.js';

const REQUESTS = 12;

export default {
  title: 'posts reaches both event-bus replicas, and each of them reaches posts',
  needs: ['data-plane'],
  timeoutMs: 45_000,
  async run(ctx) {
    const posts = (await activePods(ctx, POSTS.pods.labels)).filter(isReady);
    const buses = (await activePods(ctx, EVENT_BUS.pods.labels)).filter(isReady);
    if (posts.length === 0 || buses.length < 2) {
      return ctx.fail(
        `Ready pods: ${plural(posts.length, 'posts pod')}, ${plural(buses.length, 'event-bus pod')}; this step needs 1 and 2.`,
      );
    }
    const from = podName(posts[0]!);
    let seen: string[] = [];
    // A new replica gets traffic once kube-proxy on the caller's node has its endpoint, which lags
    // the EndpointSlice by seconds on a busy machine: retry, and call a spread failure final only
    // after the state has been quiet for longer than that.
    const spread = await ctx.eventually(
      async () => {
        const answeredBy: string[] = [];
        for (let i = 0; i < REQUESTS; i += 1) {
          const outcome = await ask(ctx, from, EVENT_BUS);
          if (!outcome.passed) return outcome;
          answeredBy.push(outcome.answeredBy!);
        }
        seen = distinct(answeredBy);
        return seen.length < 2
          ? ctx.fail(`All ${REQUESTS} requests from ${from} to ${EVENT_BUS.service} were answered by ${seen[0]}.`)
          : ctx.pass(`${from} reached ${listNames(seen)}.`);
      },
      { quietMs: 8000 },
    );
    if (!spread.passed) return spread;
    for (const bus of buses) {
      const outcome = await ask(ctx, podName(bus), POSTS);
      if (!outcome.passed) return outcome;
    }
    return ctx.pass(
      `${from} reached both event-bus pods (${listNames(seen)}) through ${EVENT_BUS.service}, and each of them reached ` +
        `posts through ${POSTS.service}.`,
    );
  },
} satisfies Check;
