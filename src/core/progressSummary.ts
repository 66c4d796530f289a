/** What `labs list` and the lab picker show of a learner's progress in one lab, and where they resume. */
import { type Lab, requireStep, type Step } from './lab.js';
import { type LabProgress, stepProgress } from './progress.js';
import { isDone, stepStatus } from './stepStatus.js';

export interface ProgressSummary {
  /** Steps passed or skipped. */
  done: number;
  passed: number;
  skipped: number;
  /** Steps not done whose checks need a data plane the cluster lacks (they cannot pass there). */
  needsDataPlane: number;
  /** Steps neither done nor blocked by the cluster: what is left to do. */
  open: number;
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
  let needsDataPlane = 0;
  for (const step of lab.steps) {
    const record = stepProgress(progress, step.id);
    const status = stepStatus(record);
    if (status === 'passed') passed++;
    if (status === 'solved') skipped++;
    if (status === 'needs-data-plane') needsDataPlane++;
    hintsSeen += record.hintsSeen.length;
    if (record.solutionRevealedAt || record.solutionAppliedAt) solutionsUsed++;
  }
  const known = lab.steps.some((step) => step.id === progress.currentStep);
  const done = lab.steps.filter((step) => isDone(stepStatus(stepProgress(progress, step.id)))).length;
  return {
    done,
    passed,
    skipped,
    needsDataPlane,
    open: lab.steps.length - done - needsDataPlane,
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
