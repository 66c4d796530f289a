/**
 * How `labs solve` and `labs jump` change a learner's progress: a step whose reference solution
 * was applied is recorded as skipped, never as passed, with its reference answers; the step the
 * learner lands on has had its setup applied.
 */
import { findStep, type Lab, stepHasSetup } from './lab.js';
import { type LabProgress, stepProgress, withStep } from './progress.js';

const hasSetup = (lab: Lab, stepId: string): boolean => stepHasSetup(findStep(lab, stepId));

/** After a rebuild or solve that applied the step's setup (if it has one). */
const setUpAt = (lab: Lab, progress: LabProgress, stepId: string, at: string): LabProgress =>
  hasSetup(lab, stepId) ? recordSetupApplied(progress, stepId, at) : progress;

/** Records that a step's setup was applied, so opening the step again does not apply it twice. */
export const recordSetupApplied = (progress: LabProgress, stepId: string, at: string): LabProgress =>
  withStep(progress, stepId, (step) => ({ ...step, setupAppliedAt: at }));

/**
 * True when the learner starts a step afresh that has a setup not applied yet: `labs start` then
 * applies it before the learner begins. A step already begun (checked, answered) is left alone.
 */
export function needsSetup(lab: Lab, progress: LabProgress, stepId: string): boolean {
  if (!hasSetup(lab, stepId)) return false;
  const step = stepProgress(progress, stepId);
  return step.status === 'not-started' && step.setupAppliedAt === undefined;
}

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
  const next = nextStepId(lab, stepId);
  // Solving moves on to the next step, after applying its setup.
  return next ? { ...setUpAt(lab, solved, next, at), currentStep: next } : { ...solved, currentStep: stepId };
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
  // The rebuild ends with the target's own setup.
  return { ...setUpAt(lab, next, targetStepId, at), startedAt: next.startedAt ?? at, currentStep: targetStepId };
}
