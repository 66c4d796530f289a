/**
 * The learner's progress in one lab: a record of what happened, never a verdict. Grading always
 * reads the cluster; this only remembers where the learner is and what they used.
 */
import { z } from 'zod';

export const PROGRESS_VERSION = 1;

const timestamp = z.string().describe('ISO 8601 time');

export const stepProgressSchema = z.object({
  /** passed: every check passed; skipped: the reference solution was applied instead. */
  status: z.enum(['not-started', 'in-progress', 'passed', 'skipped']).default('not-started'),
  answers: z.record(z.string(), z.object({ value: z.string(), at: timestamp, correct: z.boolean().optional() })).default({}),
  hintsSeen: z.array(z.object({ tier: z.number().int().nonnegative(), at: timestamp })).default([]),
  solutionRevealedAt: timestamp.optional(),
  solutionAppliedAt: timestamp.optional(),
  firstCheckAt: timestamp.optional(),
  lastCheckAt: timestamp.optional(),
  passedAt: timestamp.optional(),
});

export const labProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  lab: z.string(),
  currentStep: z.string().optional(),
  startedAt: timestamp.optional(),
  finishedAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
  steps: z.record(z.string(), stepProgressSchema).default({}),
});

export type StepProgress = z.infer<typeof stepProgressSchema>;
export type LabProgress = z.infer<typeof labProgressSchema>;

export const emptyProgress = (lab: string): LabProgress => ({ version: PROGRESS_VERSION, lab, steps: {} });

export const emptyStepProgress = (): StepProgress => stepProgressSchema.parse({});

export function stepProgress(progress: LabProgress, stepId: string): StepProgress {
  return progress.steps[stepId] ?? emptyStepProgress();
}

/** Returns a copy with one step changed. */
export function withStep(progress: LabProgress, stepId: string, change: (step: StepProgress) => StepProgress): LabProgress {
  return { ...progress, steps: { ...progress.steps, [stepId]: change(stepProgress(progress, stepId)) } };
}

/** Records a grading run; a pass marks the step passed, a later failure never un-passes it. */
export function recordCheck(progress: LabProgress, stepId: string, passed: boolean, at: string): LabProgress {
  return withStep(progress, stepId, (step) => ({
    ...step,
    status: passed ? (step.status === 'skipped' ? 'skipped' : 'passed') : step.status === 'not-started' ? 'in-progress' : step.status,
    firstCheckAt: step.firstCheckAt ?? at,
    lastCheckAt: at,
    passedAt: passed ? (step.passedAt ?? at) : step.passedAt,
  }));
}

/** The index of the next hint tier the learner has not seen for a step. */
export function nextHintTier(progress: LabProgress, stepId: string): number {
  const seen = stepProgress(progress, stepId).hintsSeen.map((hint) => hint.tier);
  return seen.length === 0 ? 0 : Math.max(...seen) + 1;
}

export function recordHint(progress: LabProgress, stepId: string, tier: number, at: string): LabProgress {
  return withStep(progress, stepId, (step) =>
    step.hintsSeen.some((hint) => hint.tier === tier) ? step : { ...step, hintsSeen: [...step.hintsSeen, { tier, at }] },
  );
}

export function recordAnswer(progress: LabProgress, stepId: string, questionId: string, value: string, correct: boolean | undefined, at: string): LabProgress {
  return withStep(progress, stepId, (step) => ({
    ...step,
    status: step.status === 'not-started' ? 'in-progress' : step.status,
    answers: { ...step.answers, [questionId]: { value, at, ...(correct === undefined ? {} : { correct }) } },
  }));
}
