/**
 * The learner's progress in one lab: a record of what happened, never a verdict. Grading always
 * reads the cluster; this only remembers where the learner is and what they used.
 */
import * as v from 'valibot';

export const PROGRESS_VERSION = 1;

/** ISO 8601 time. */
const timestamp = v.string();

export const stepProgressSchema = v.object({
  /** passed: every check passed; skipped: the reference solution was applied instead. */
  status: v.optional(v.picklist(['not-started', 'in-progress', 'passed', 'skipped']), 'not-started'),
  answers: v.optional(v.record(v.string(), v.object({ value: v.string(), at: timestamp, correct: v.optional(v.boolean()) })), {}),
  hintsSeen: v.optional(v.array(v.object({ tier: v.pipe(v.number(), v.integer(), v.minValue(0)), at: timestamp })), []),
  solutionRevealedAt: v.optional(timestamp),
  solutionAppliedAt: v.optional(timestamp),
  firstCheckAt: v.optional(timestamp),
  lastCheckAt: v.optional(timestamp),
  passedAt: v.optional(timestamp),
});

export const labProgressSchema = v.object({
  version: v.literal(PROGRESS_VERSION),
  lab: v.string(),
  currentStep: v.optional(v.string()),
  startedAt: v.optional(timestamp),
  finishedAt: v.optional(timestamp),
  updatedAt: v.optional(timestamp),
  steps: v.optional(v.record(v.string(), stepProgressSchema), {}),
});

export type StepProgress = v.InferOutput<typeof stepProgressSchema>;
export type LabProgress = v.InferOutput<typeof labProgressSchema>;

export const emptyProgress = (lab: string): LabProgress => ({ version: PROGRESS_VERSION, lab, steps: {} });

export const emptyStepProgress = (): StepProgress => v.parse(stepProgressSchema, {});

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
