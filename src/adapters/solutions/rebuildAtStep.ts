/**
 * Rebuilds the cluster state at the start of a step: reset the lab, then replay the setup and
 * reference solution of every earlier step, then apply the step's own setup. Shared by `labs jump` and the TUI's step list.
 */
import { type Lab, requireStep } from '../../core/lab.js';
import { applySolution, type SolutionSession } from './applySolution.js';
import { resetLab, type ResetResult } from './resetLab.js';
import { applySetup } from './applySetup.js';

export type RebuildEvent =
  | { type: 'reset'; removed: ResetResult; durationMs: number }
  | { type: 'step'; stepId: string; index: number; durationMs: number };

export interface RebuildOptions {
  signal?: AbortSignal;
  /** Called after the reset and after each replayed step. */
  onEvent?: (event: RebuildEvent) => void;
  /** Called before each replayed step, with its index among the lab's steps. */
  onStepStart?: (stepId: string, index: number) => void;
  /** Output of kubectl and solve.sh, line by line. */
  onLine?: (line: string) => void;
}

/** Resolves to the reference answers of each replayed step, by step id. */
export async function rebuildAtStep(
  session: SolutionSession,
  lab: Lab,
  stepId: string,
  vars: Readonly<Record<string, string>>,
  options: RebuildOptions = {},
): Promise<Record<string, Record<string, string>>> {
  const target = requireStep(lab, stepId);
  const passOn = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
  };
  let started = Date.now();
  const removed = await resetLab(session, lab, vars, passOn);
  options.onEvent?.({ type: 'reset', removed, durationMs: Date.now() - started });
  const answersByStep: Record<string, Record<string, string>> = {};
  for (const [index, step] of lab.steps.slice(0, lab.steps.indexOf(target)).entries()) {
    options.onStepStart?.(step.id, index);
    started = Date.now();
    await applySetup(session, lab, step.id, vars, passOn);
    answersByStep[step.id] = await applySolution(session, lab, step.id, vars, passOn);
    options.onEvent?.({ type: 'step', stepId: step.id, index, durationMs: Date.now() - started });
  }
  // The target step begins with its own setup (the broken state a troubleshooting round starts from).
  await applySetup(session, lab, target.id, vars, passOn);
  return answersByStep;
}
