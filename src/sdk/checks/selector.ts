/** Does a Service select exactly the pods it should? Typos, missing or extra labels, none at all. */
import type { CheckContext, CheckOutcome, V1Pod, V1Service } from '../index.js';
import { labelsText, listNames, plural, selectorMatches } from './format.js';
import { activePods, isActive, podName } from './pods.js';
import { findService } from './service.js';

export interface IntendedPods {
  /** Labels that only the intended pods carry, e.g. "app=echo-frontend". */
  labels: string;
  /** How the learner calls them, e.g. "echo-frontend pods". */
  what: string;
  /** How many there should be; leave out when any number is right (e.g. a later step scales). */
  count?: number;
}

/** Passes when the selector picks exactly the intended pods, and there are `count` of them. */
export async function selectsExactly(ctx: CheckContext, name: string, intended: IntendedPods): Promise<CheckOutcome> {
  const lookup = await findService(ctx, name);
  if (!lookup.ok) return lookup.outcome;
  const service = lookup.value;
  const selector = service.spec?.selector ?? {};
  const labelled = await activePods(ctx, intended.labels);
  // A pod that carries the labels but that no workload runs (a labelled jumpbox) is a stray, not
  // one of the intended pods: it must not count as a missing or extra replica.
  const runByWorkload = (pod: V1Pod): boolean => (pod.metadata?.ownerReferences ?? []).some((ref) => ref.controller);
  const strays = labelled.some(runByWorkload) ? labelled.filter((pod) => !runByWorkload(pod)) : [];
  const wanted = labelled.filter((pod) => !strays.includes(pod));
  if (Object.keys(selector).length === 0) return noSelector(ctx, service, wanted);

  const selected = (await ctx.podsSelectedBy(service)).filter(isActive);
  const wantedNames = new Set(wanted.map(podName));
  const selectedNames = new Set(selected.map(podName));
  const extra = selected.filter((pod) => !wantedNames.has(podName(pod))).map(podName);
  const left = wanted.filter((pod) => !selectedNames.has(podName(pod))).map(podName);
  const shown = labelsText(selector);

  if (selected.length === 0) {
    return ctx.fail(
      `${name} selects 0 pods: its selector ${shown} matches no pod in ${ctx.namespace}.`,
      `The ${intended.what} carry the labels ${intended.labels}; copy them into spec.selector exactly ` +
        `(kubectl get pods -n ${ctx.namespace} --show-labels).`,
    );
  }
  const strayNames = new Set(strays.map(podName));
  const picked = extra.filter((pod) => strayNames.has(pod));
  if (picked.length > 0) {
    const keys = intended.labels.split(',').map((pair) => pair.split('=')[0]!.trim());
    return ctx.fail(
      `${name}'s selector ${shown} also picks ${listNames(picked)}: ${picked.length === 1 ? 'it carries' : 'they carry'} ` +
        `${intended.labels} but no workload runs ${picked.length === 1 ? 'it' : 'them'}, so ${picked.length === 1 ? 'it is' : 'they are'} ` +
        `not among the ${intended.what}.`,
      `Take the label off: kubectl label pod ${picked[0]} ${keys.map((key) => `${key}-`).join(' ')} -n ${ctx.namespace}`,
    );
  }
  if (extra.length > 0) {
    return ctx.fail(
      `${name}'s selector ${shown} also picks ${listNames(extra)}, which ${extra.length === 1 ? 'is' : 'are'} not among the ${intended.what}.`,
      `Add a label that only the ${intended.what} carry (${intended.labels}) to the selector.`,
    );
  }
  if (left.length > 0) {
    return ctx.fail(
      `${name}'s selector ${shown} misses ${listNames(left)}, which ${left.length === 1 ? 'is' : 'are'} among the ${intended.what}.`,
    );
  }
  if (intended.count !== undefined && wanted.length !== intended.count) {
    return ctx.fail(
      `The selector ${shown} is right, but there ${wanted.length === 1 ? 'is' : 'are'} ${plural(wanted.length, 'pod')} ` +
        `among the ${intended.what}, not ${intended.count}.`,
      'Check the replicas of the workload that runs them.',
    );
  }
  return ctx.pass(
    `${name}'s selector ${shown} picks exactly the ${plural(wanted.length, intended.what.replace(/s$/, ''), intended.what)}.`,
  );
}

function noSelector(ctx: CheckContext, service: V1Service, wanted: readonly V1Pod[]): CheckOutcome {
  const name = service.metadata?.name ?? '?';
  const labels = service.metadata?.labels ?? {};
  const onMetadata =
    Object.keys(labels).length > 0 && wanted.some((pod) => selectorMatches(labels, pod.metadata?.labels));
  if (onMetadata) {
    return ctx.fail(
      `${name} has no selector, so it sends traffic to no pod. The labels ${labelsText(labels)} sit under metadata.labels: ` +
        `they label the Service itself and choose nothing.`,
      'Put the pod labels under spec.selector (metadata.labels is optional).',
    );
  }
  return ctx.fail(
    `${name} has no selector, so Kubernetes gives it no endpoints.`,
    'Add spec.selector with the labels of the pods it should reach.',
  );
}
