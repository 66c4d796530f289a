/** What `labs list` and the lab picker show of a learner's progress in one lab, and where they resume. */
import { type Lab, requireStep, type Step } from './lab.js';
import { type LabProgress, stepProgress } from './progress.js';

export interface ProgressSummary {
  /** Steps passed or skipped. */
  done: number;
  passed: number;
  skipped: number;
  /** Where the learner will resume. */
  currentStep: string | undefined;
  hintsSeen: number;
  solutionsUsed: number;
}

export function summarizeProgress(lab: Lab, progress: LabProgress): ProgressSummary {
  let passed = 0;
  let skipped = 0;
  let hintsSeen = 0;
  let solutionsUsed = 0;
  for (const step of lab.steps) {
    const record = stepProgress(progress, step.id);
    if (record.status === 'passed') passed++;
    if (record.status === 'skipped') skipped++;
    hintsSeen += record.hintsSeen.length;
    if (record.solutionRevealedAt || record.solutionAppliedAt) solutionsUsed++;
  }
  const known = lab.steps.some((step) => step.id === progress.currentStep);
  return {
    done: passed + skipped,
    passed,
    skipped,
    currentStep: known ? progress.currentStep : undefined,
    hintsSeen,
    solutionsUsed,
  };
}

/**
 * The step to act on: the named one, else where the learner is, else the first step not yet
 * passed or skipped.
 */
export function resolveStep(lab: Lab, progress: LabProgress, stepId: string | undefined): Step {
  if (stepId) return requireStep(lab, stepId);
  const current = progress.currentStep ? lab.steps.find((step) => step.id === progress.currentStep) : undefined;
  if (current) return current;
  return (
    lab.steps.find((step) => !['passed', 'skipped'].includes(stepProgress(progress, step.id).status)) ?? lab.steps[0]!
  );
}
