/** The two parts of the blog app in this lab, and how one reaches the other. */
import {
  activePods,
  type CheckContext,
  type CheckOutcome,
  failureText,
  firstPod,
  type IntendedPods,
  listNames,
  plainHostname,
  podName,
} from 'k8s-labs/sdk';

export interface App {
  deployment: string;
  service: string;
  port: number;
  pods: IntendedPods;
}

export const POSTS: App = {
  deployment: 'posts',
  service: 'posts-clusterip-srv',
  port: 4000,
  pods: { labels: 'app=posts', what: 'posts pods' },
};

export const EVENT_BUS: App = {
  deployment: 'event-bus',
  service: 'event-bus-srv',
  port: 4005,
  pods: { labels: 'app=event-bus', what: 'event-bus pods' },
};

export const backing = (app: App) => ({ kind: 'Deployment' as const, name: app.deployment });

/** The URL a pod of this namespace uses to reach the app by its Service name. */
export const urlOf = (app: App): string => `http://${app.service}:${app.port}/hostname`;

/**
 * From the given pod, asks `to` for its hostname through its Service; passes when a pod of `to`
 * answered. Returns the answering pod's name with the outcome.
 */
export async function ask(
  ctx: CheckContext,
  fromPod: string,
  to: App,
): Promise<CheckOutcome & { answeredBy?: string }> {
  const result = await ctx.httpGet(fromPod, urlOf(to), { timeoutMs: 4000 });
  if (!result.ok) return ctx.fail(`${fromPod} could not reach ${urlOf(to)}: ${failureText(result)}.`);
  const answeredBy = plainHostname(result.body);
  const targets = (await activePods(ctx, to.pods.labels)).map(podName);
  if (!answeredBy || !targets.includes(answeredBy)) {
    return ctx.fail(
      `${fromPod} reached ${to.service}, but the answer came from ${answeredBy ?? 'something else'}, not from one of the ` +
        `${to.pods.what} (${listNames(targets)}).`,
    );
  }
  return { ...ctx.pass(`${fromPod} reached ${to.service} and ${answeredBy} answered.`), answeredBy };
}

/** Passes when a ready pod of `from` reaches `to` by its Service name (waiting while it settles). */
export async function reaches(ctx: CheckContext, from: App, to: App): Promise<CheckOutcome> {
  return ctx.eventually(async () => {
    const pod = await firstPod(ctx, from.pods.labels, from.deployment);
    if (!pod.ok) return pod.outcome;
    const outcome = await ask(ctx, podName(pod.value), to);
    return outcome.passed
      ? ctx.pass(outcome.message)
      : ctx.fail(outcome.message, `Fix the checks on ${to.service} above first.`);
  });
}
