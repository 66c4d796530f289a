/**
 * How `labs solve` and `labs jump` change a learner's progress: a step whose reference solution
 * was applied is recorded as skipped, never as passed, with its reference answers.
 */
import type { Lab } from './lab.js';
import { type LabProgress, withStep } from './progress.js';

/** Marks one step as solved by its reference solution; a step already passed stays passed. */
export function recordSolutionApplied(
  progress: LabProgress,
  stepId: string,
  answers: Readonly<Record<string, string>>,
  at: string,
): LabProgress {
  return withStep({ ...progress, startedAt: progress.startedAt ?? at }, stepId, (step) => ({
    ...step,
    status: step.status === 'passed' ? 'passed' : 'skipped',
    solutionAppliedAt: at,
    answers: {
      ...step.answers,
      ...Object.fromEntries(Object.entries(answers).map(([id, value]) => [id, { value, at }])),
    },
  }));
}

/** The step after `stepId`, or undefined after the last one. */
export function nextStepId(lab: Lab, stepId: string): string | undefined {
  const index = lab.steps.findIndex((step) => step.id === stepId);
  return index < 0 ? undefined : lab.steps[index + 1]?.id;
}

/** After `labs solve`: the step is skipped and the learner moves to the next one. */
export function afterSolve(
  lab: Lab,
  progress: LabProgress,
  stepId: string,
  answers: Readonly<Record<string, string>>,
  at: string,
): LabProgress {
  const solved = recordSolutionApplied(progress, stepId, answers, at);
  return { ...solved, currentStep: nextStepId(lab, stepId) ?? stepId };
}

/**
 * After `labs jump`: every step before the target was replayed from its solution (skipped unless
 * already passed) and the learner is at the target step.
 */
export function afterJump(
  lab: Lab,
  progress: LabProgress,
  targetStepId: string,
  answersByStep: Readonly<Record<string, Readonly<Record<string, string>>>>,
  at: string,
): LabProgress {
  let next = progress;
  for (const step of lab.steps) {
    if (step.id === targetStepId) break;
    next = recordSolutionApplied(next, step.id, answersByStep[step.id] ?? {}, at);
  }
  return { ...next, startedAt: next.startedAt ?? at, currentStep: targetStepId };
}
