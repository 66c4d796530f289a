/** Checks on Deployments, ReplicaSets and single pods: do they exist, and are they ready? */
import type { CheckContext, CheckOutcome, KindName, V1Deployment, V1ReplicaSet } from '../index.js';
import { labelsText, plural } from './format.js';
import { activePods, describeUnready, findPod, isReady, isUnschedulable } from './pods.js';
import { stuck, waitUnlessStuck } from './settle.js';

type Workload = V1Deployment | V1ReplicaSet;

/**
 * Why the controller has not caught up with the workload's spec yet, or undefined once it has:
 * right after a change, old pods may still be counted and must not make a check pass.
 */
export function rolloutPending(kind: 'Deployment' | 'ReplicaSet', workload: Workload): string | undefined {
  const wanted = workload.spec?.replicas ?? 1;
  const status = workload.status;
  if ((status?.observedGeneration ?? 0) < (workload.metadata?.generation ?? 1))
    return 'its controller has not seen the latest change yet';
  if (kind === 'Deployment') {
    // The API leaves out counts that are 0.
    const updated = (status as V1Deployment['status'])?.updatedReplicas ?? 0;
    if (updated < wanted) return `${updated} of ${wanted} replicas run the latest pod template`;
  }
  if ((status?.replicas ?? 0) > wanted) return `${status?.replicas} replicas still exist while ${wanted} are wanted`;
  return undefined;
}

/**
 * Passes when the Deployment or ReplicaSet asks for `expected` pods (or, with 'any', for at least
 * one) and all of them are ready. Waits (within the check's time) while pods are still starting.
 */
export async function workloadReady(
  ctx: CheckContext,
  kind: 'Deployment' | 'ReplicaSet',
  name: string,
  expected: number | 'any',
): Promise<CheckOutcome> {
  const first = await ctx.get(kind, name);
  if (!first) {
    return ctx.fail(`There is no ${kind} ${name} in namespace ${ctx.namespace} yet.`);
  }
  const wanted = first.spec?.replicas ?? 1;
  const replicas = expected === 'any' ? Math.max(wanted, 1) : expected;
  if (wanted !== replicas) {
    return ctx.fail(
      `${kind} ${name} asks for ${plural(wanted, 'replica')}; this lab needs ${replicas}.`,
      `kubectl scale ${kind.toLowerCase()} ${name} --replicas=${replicas} -n ${ctx.namespace}`,
    );
  }
  return waitUnlessStuck(ctx, async () => {
    const workload = await ctx.get(kind, name);
    if (!workload) return ctx.fail(`${kind} ${name} disappeared from namespace ${ctx.namespace}.`);
    const ready = workload.status?.readyReplicas ?? 0;
    const pending = rolloutPending(kind, workload);
    if (ready >= replicas && !pending) {
      return ctx.pass(`${kind} ${name} has ${plural(ready, 'ready replica')} of ${replicas}.`);
    }
    const pods = await podsOf(ctx, workload);
    const why = describeUnready(pods);
    if (ready >= replicas) return ctx.fail(`${kind} ${name} is still rolling out: ${pending}.`);
    const outcome = ctx.fail(
      `${kind} ${name} has ${ready} of ${replicas} replicas ready${why ? `: ${why}` : ''}.`,
      `kubectl get pods -n ${ctx.namespace} and kubectl describe pod <name> show why a pod does not start.`,
    );
    return pods.some(isUnschedulable) ? stuck(outcome) : outcome;
  });
}

async function podsOf(ctx: CheckContext, workload: Workload) {
  const selector = labelsText(workload.spec?.selector?.matchLabels);
  return selector ? activePods(ctx, selector) : [];
}

/** Passes when the named pod is Running and ready (waiting while it starts). */
export async function podRunning(
  ctx: CheckContext,
  name: string,
  options: { createdIn: string; image?: { pattern: RegExp; name: string } },
): Promise<CheckOutcome> {
  const lookup = await findPod(ctx, name, options.createdIn);
  if (!lookup.ok) return lookup.outcome;
  const image = lookup.value.spec?.containers[0]?.image ?? '';
  if (options.image && !options.image.pattern.test(image)) {
    return ctx.fail(
      `Pod ${name} runs the image ${image}; this lab needs ${options.image.name} there.`,
      `Delete it (kubectl delete pod ${name} -n ${ctx.namespace}) and create it again with the right image.`,
    );
  }
  return waitUnlessStuck(ctx, async () => {
    const pod = await ctx.get('Pod', name);
    if (!pod) return ctx.fail(`Pod ${name} disappeared from namespace ${ctx.namespace}.`);
    if (isReady(pod)) return ctx.pass(`Pod ${name} is running and ready (IP ${pod.status?.podIP ?? 'unknown'}).`);
    const outcome = ctx.fail(`Pod ${name} is not ready: ${describeUnready([pod]) || 'still starting'}.`);
    return isUnschedulable(pod) ? stuck(outcome) : outcome;
  });
}

export interface LabObject {
  kind: KindName;
  name: string;
}

/**
 * Passes when none of the objects is left in the lab namespace. Being deleted counts as gone, and so
 * does everything in a namespace that is being deleted: the namespace controller removes its content
 * only after a grace period of 5 s, and a learner need not wait for that.
 */
export async function nothingLeft(ctx: CheckContext, objects: readonly LabObject[]): Promise<CheckOutcome> {
  const [namespace, ...current] = await Promise.all([
    // A workshop attendee may not read the Namespace object: then only its content counts.
    ctx.get('Namespace', ctx.namespace).catch(() => undefined),
    ...objects.map((object) => ctx.get(object.kind, object.name)),
  ]);
  if (namespace?.metadata?.deletionTimestamp) {
    return ctx.pass(`Namespace ${ctx.namespace} is being deleted, and everything this lab made in it with it.`);
  }
  const left = objects
    .filter((_, index) => current[index] && !current[index]?.metadata?.deletionTimestamp)
    .map((object) => `${object.kind} ${object.name}`);
  if (left.length === 0) return ctx.pass(`Nothing from this lab is left in namespace ${ctx.namespace}.`);
  return ctx.fail(
    `Still there in namespace ${ctx.namespace}: ${left.join(', ')}.`,
    `kubectl delete namespace ${ctx.namespace} removes everything the lab created in one go; in a workshop, ` +
      `where the namespace is the instructor's, kubectl delete all --all -n ${ctx.namespace} empties it.`,
  );
}
