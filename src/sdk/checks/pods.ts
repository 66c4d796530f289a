/** Reading pods: which are alive, which are ready, and why the others are not. */
import type { CheckContext, V1Pod } from '../index.js';
import { type Found, found, missing } from './found.js';
import { stuck } from './settle.js';

export const podName = (pod: V1Pod): string => pod.metadata?.name ?? '?';

/** Not being deleted and not finished: a pod that counts as part of the workload. */
export function isActive(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

export function isReady(pod: V1Pod): boolean {
  return (
    isActive(pod) &&
    pod.status?.phase === 'Running' &&
    (pod.status.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True')
  );
}

/** A pod the scheduler cannot place: it stays Pending until the cluster or the pod changes. */
export function isUnschedulable(pod: V1Pod): boolean {
  return (pod.status?.conditions ?? []).some(
    (condition) =>
      condition.type === 'PodScheduled' && condition.status === 'False' && condition.reason === 'Unschedulable',
  );
}

/** Why a pod is not ready, in the words kubectl would show: "Pending (0/3 nodes are available...)". */
export function whyNotReady(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'being deleted';
  const phase = pod.status?.phase ?? 'Pending';
  const unscheduled = (pod.status?.conditions ?? []).find(
    (condition) => condition.type === 'PodScheduled' && condition.status === 'False',
  );
  if (unscheduled) return `${phase}: cannot be scheduled${unscheduled.message ? ` (${unscheduled.message})` : ''}`;
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    if (waiting?.reason) return `${phase}: container ${status.name} is waiting (${waiting.reason})`;
  }
  return phase === 'Running' ? 'Running but not ready yet' : phase;
}

/** "web-1 is Pending: cannot be scheduled (...)" for the first few pods that are not ready. */
export function describeUnready(pods: readonly V1Pod[], max = 2): string {
  const unready = pods.filter((pod) => isActive(pod) && !isReady(pod));
  const lines = unready.slice(0, max).map((pod) => `${podName(pod)} is ${whyNotReady(pod)}`);
  if (unready.length > max) lines.push(`${unready.length - max} more are not ready either`);
  return lines.join('; ');
}

/** Active pods in the lab namespace that carry every given label. */
export async function activePods(ctx: CheckContext, labelSelector: string): Promise<V1Pod[]> {
  return (await ctx.list('Pod', { labelSelector })).filter(isActive);
}

/**
 * A pod the check needs to work from (a jumpbox, a client). Absent: an outcome saying where it
 * should be, and whether it sits in another namespace instead.
 */
export async function findPod(ctx: CheckContext, name: string, createdIn: string): Promise<Found<V1Pod>> {
  const pod = await ctx.get('Pod', name);
  if (pod && isActive(pod)) return found(pod);
  const elsewhere = (await ctx.list('Pod', { namespace: '*' }))
    .filter((other) => other.metadata?.name === name && other.metadata.namespace !== ctx.namespace && isActive(other))
    .map((other) => other.metadata?.namespace ?? '?');
  if (elsewhere.length > 0) {
    return missing(
      ctx.fail(
        `There is no pod ${name} in namespace ${ctx.namespace}, but there is one in ${elsewhere.join(', ')}.`,
        `This lab keeps everything in ${ctx.namespace}, so a reset can clean it up. Delete the stray pod ` +
          `(kubectl delete pod ${name} -n ${elsewhere[0]}) and create it again with -n ${ctx.namespace}.`,
      ),
    );
  }
  return missing(
    ctx.fail(`There is no pod ${name} in namespace ${ctx.namespace} yet.`, `It is created in ${createdIn}.`),
  );
}

/** Like findPod, but the pod must also be ready: exec into a pod that is not running fails. */
export async function findReadyPod(ctx: CheckContext, name: string, createdIn: string): Promise<Found<V1Pod>> {
  const lookup = await findPod(ctx, name, createdIn);
  if (!lookup.ok || isReady(lookup.value)) return lookup;
  const outcome = ctx.fail(`Pod ${name} is not ready yet: ${whyNotReady(lookup.value)}.`);
  return missing(isUnschedulable(lookup.value) ? stuck(outcome) : outcome);
}

/** First active pod carrying the labels, or an outcome saying there is none. */
export async function firstPod(ctx: CheckContext, labelSelector: string, what: string): Promise<Found<V1Pod>> {
  const pods = (await activePods(ctx, labelSelector)).filter(isReady);
  const pod = pods[0];
  if (pod) return found(pod);
  return missing(ctx.fail(`No ${what} pod (labels ${labelSelector}) is running and ready in ${ctx.namespace}.`));
}
