/** What `labs list` and the lab picker show of a learner's progress in one lab. */
import type { Lab } from './lab.js';
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
