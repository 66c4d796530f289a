/** The results of grading, shared by `labs check`, the TUI and `labs test`. */
import type { Lab } from '../lab.js';

/**
 * pass and fail are results; error means the check could not run (crash, timeout, unreachable
 * cluster); skipped means the cluster cannot support it (e.g. no data plane).
 */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface CheckReport {
  id: string;
  title: string;
  kind: 'check' | 'question';
  status: CheckStatus;
  /** For the learner; for skipped, the reason. */
  message: string;
  /** For a failure: the hint to show. */
  hint?: string;
  durationMs: number;
}

/** passed: every check passed. incomplete: none failed but some were skipped. */
export type OverallStatus = 'passed' | 'failed' | 'error' | 'incomplete';

export interface StepReport {
  lab: string;
  step: string;
  status: OverallStatus;
  checks: CheckReport[];
  durationMs: number;
}

export interface GradeOptions {
  /** The learner's answers by question id (from progress or the command line). */
  answers: Readonly<Record<string, string>>;
  /** Lab variables with their values. */
  vars: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Grade only these check or question ids. */
  only?: readonly string[];
}

/** Grades against the live cluster; never reads the progress file for a verdict. */
export interface Grader {
  gradeStep(lab: Lab, stepId: string, options: GradeOptions): Promise<StepReport>;
}

export function overallStatus(checks: readonly CheckReport[]): OverallStatus {
  if (checks.some((check) => check.status === 'error')) return 'error';
  if (checks.some((check) => check.status === 'fail')) return 'failed';
  if (checks.some((check) => check.status === 'skipped')) return 'incomplete';
  return 'passed';
}
