/**
 * `labs workshop reset <name> <attendee> [--step]`: as the instructor, puts one attendee back at
 * the start of the lab or of a step (the same rebuild `labs jump` does, with their variables),
 * re-applies their workshop objects (the rebuild deleted and re-made their namespaces), and
 * rewrites their ledger to match.
 */
import { inputError } from '../../errors.js';
import type { Lab } from '../../core/lab.js';
import { emptyProgress } from '../../core/progress.js';
import { afterJump } from '../../core/progressChanges.js';
import { ledgerOf } from '../../core/workshop/ledger.js';
import { planAttendee } from '../../core/workshop/plan.js';
import { suggestion } from '../../core/didYouMean.js';
import { connectCluster } from '../../adapters/connect.js';
import { writeLedger } from '../../adapters/kube/ledgerConfigMap.js';
import { applyObject, listByLabel } from '../../adapters/kube/writes.js';
import { ATTENDEE_LABEL, WORKSHOP_LABEL } from '../../core/workshop/names.js';
import { labClusterOver } from '../labCluster.js';

export interface ResetAttendeeOptions {
  context: string;
  env: NodeJS.ProcessEnv;
  /** Start of this step; default the first. */
  stepId?: string;
  signal?: AbortSignal;
  onLine?(line: string): void;
}

export async function resetAttendee(
  workshop: string,
  lab: Lab,
  attendee: string,
  options: ResetAttendeeOptions,
): Promise<{ step: string }> {
  const step = options.stepId ?? lab.steps[0]!.id;
  if (!lab.steps.some((s) => s.id === step))
    throw inputError(
      `lab "${lab.id}" has no step "${step}"`,
      suggestion(
        step,
        lab.steps.map((s) => s.id),
        'its steps',
      ),
    );
  const { session, transport } = await connectCluster({ context: options.context, env: options.env });
  try {
    const homes = await listByLabel(
      transport,
      'ServiceAccount',
      `${WORKSHOP_LABEL}=${workshop},${ATTENDEE_LABEL}=${attendee}`,
      options.signal,
    );
    if (homes.length === 0)
      throw inputError(
        `workshop "${workshop}" has no attendee "${attendee}"`,
        `see \`labs workshop status ${workshop}\``,
      );
    const plan = planAttendee({ workshop, lab, attendee });
    const labCluster = labClusterOver(session);
    const answersByStep = await labCluster.rebuild(lab, step, plan.vars, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    for (const object of plan.objects.filter((o) => o.kind === 'Namespace'))
      await applyObject(transport, object, options.signal);
    await Promise.all(
      plan.objects
        .filter((o) => o.kind !== 'Namespace')
        .map((object) => applyObject(transport, object, options.signal)),
    );
    const at = new Date().toISOString();
    const progress = afterJump(lab, { ...emptyProgress(lab.id), startedAt: at }, step, answersByStep, at);
    // resetAt makes the attendee's next command adopt this state (adoptWorkshopReset) and keeps
    // their older record from being merged back in.
    await writeLedger(transport, plan.home, ledgerOf({ ...progress, updatedAt: at, resetAt: at }, attendee), {
      replace: true,
    });
    return { step };
  } finally {
    session.close();
  }
}
