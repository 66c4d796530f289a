/** Does a Service have its ready endpoints, once the pods behind it have settled? */
import type { CheckContext, CheckOutcome } from '../index.js';
import { listNames, plural } from './format.js';
import { describeUnready, isActive, isUnschedulable } from './pods.js';
import { findService } from './service.js';
import { type Attempt, stuck, waitUnlessStuck } from './settle.js';
import { rolloutPending } from './workload.js';

/** The Deployment or ReplicaSet that runs a Service's pods. */
export interface Backing {
  kind: 'Deployment' | 'ReplicaSet';
  name: string;
}

/**
 * Passes when the Service has exactly `count` ready endpoints (one per ready pod), waiting for
 * them while pods start and the EndpointSlice controller catches up. With `backing`, it also
 * waits for that workload's rollout to settle, so pods on their way out cannot make it pass;
 * `count` may then be 'replicas': as many as the workload asks for.
 */
export async function readyEndpoints(
  ctx: CheckContext,
  name: string,
  wanted: number | 'replicas',
  backing?: Backing,
): Promise<CheckOutcome> {
  const lookup = await findService(ctx, name);
  if (!lookup.ok) return lookup.outcome;
  if (Object.keys(lookup.value.spec?.selector ?? {}).length === 0) {
    return ctx.fail(`${name} has no selector, so it has no endpoints.`);
  }
  if (backing && typeof wanted === 'number') {
    const replicas = (await ctx.get(backing.kind, backing.name))?.spec?.replicas;
    if (replicas !== undefined && replicas !== wanted) {
      return ctx.fail(
        `${backing.kind} ${backing.name} asks for ${plural(replicas, 'replica')}, so ${name} cannot reach the ${wanted} endpoints ` +
          'this step needs.',
        `kubectl scale ${backing.kind.toLowerCase()} ${backing.name} --replicas=${wanted} -n ${ctx.namespace}`,
      );
    }
  }
  return waitUnlessStuck(ctx, async () => {
    const service = await ctx.get('Service', name);
    if (!service) return ctx.fail(`Service ${name} disappeared from namespace ${ctx.namespace}.`);
    const ready = (await ctx.endpointsOf(name)).filter((endpoint) => endpoint.ready);
    const settling = backing ? await rolloutOf(ctx, backing) : undefined;
    if (settling) return settling;
    const count = typeof wanted === 'number' ? wanted : await replicasOf(ctx, backing);
    if (ready.length === count) {
      return ctx.pass(
        `${name} has ${plural(count, 'ready endpoint')}: ${listNames(
          ready.map((e) => e.ip),
          count,
        )}.`,
      );
    }
    const selected = (await ctx.podsSelectedBy(service)).filter(isActive);
    if (selected.length === 0) return stuck(ctx.fail(`${name} selects no pod, so no endpoint can appear.`));
    if (ready.length > count) {
      return stuck(
        ctx.fail(
          `${name} has ${ready.length} ready endpoints, more than the ${count} expected: its selector picks extra pods.`,
        ),
      );
    }
    const why = describeUnready(selected);
    const outcome = ctx.fail(
      `${name} has ${ready.length} of ${count} ready endpoints${why ? `: ${why}` : ''}.`,
      `Only ready pods become endpoints: kubectl get pods -n ${ctx.namespace} shows which are not ready.`,
    );
    return selected.some(isUnschedulable) ? stuck(outcome) : outcome;
  });
}

async function replicasOf(ctx: CheckContext, backing: Backing | undefined): Promise<number> {
  if (!backing) throw new Error("readyEndpoints: count 'replicas' needs the backing workload");
  return (await ctx.get(backing.kind, backing.name))?.spec?.replicas ?? 1;
}

/** A failing attempt while the workload behind the Service is missing or still changing. */
async function rolloutOf(ctx: CheckContext, backing: Backing): Promise<Attempt | undefined> {
  const workload = await ctx.get(backing.kind, backing.name);
  if (!workload)
    return stuck(
      ctx.fail(`There is no ${backing.kind} ${backing.name} in namespace ${ctx.namespace} to run the pods.`),
    );
  const pending = rolloutPending(backing.kind, workload);
  return pending ? ctx.fail(`${backing.kind} ${backing.name} is still rolling out: ${pending}.`) : undefined;
}
