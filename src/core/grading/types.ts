/** The results of grading, shared by `labs check`, the TUI and `labs test`. */
import type { Lab } from '../lab.js';
import type { WatchTarget } from '../ports.js';

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
  /** For an error: why it could not run. environment: cluster unreachable or forbidden. */
  errorKind?: ErrorKind;
  /** For an error: what to do next, when known (e.g. `labs cluster up`). */
  next?: string;
}

/** timeout: the check ran out of time; checker: it threw; environment: the cluster failed it. */
export type ErrorKind = 'environment' | 'timeout' | 'checker';

/** passed: every check passed. incomplete: none failed but some were skipped. */
export type OverallStatus = 'passed' | 'failed' | 'error' | 'incomplete';

export interface StepReport {
  lab: string;
  step: string;
  status: OverallStatus;
  checks: CheckReport[];
  durationMs: number;
  /** The kinds and namespaces the checks read, so a watcher knows what to watch. */
  reads?: WatchTarget[];
}

export interface GradeOptions {
  /** The learner's answers by question id (from progress or the command line). */
  answers: Readonly<Record<string, string>>;
  /** Lab variables with their values. */
  vars: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Grade only these check or question ids. */
  only?: readonly string[];
  /**
   * False to run each `eventually` attempt once instead of waiting (watch mode re-grades on
   * every change anyway). Default true.
   */
  wait?: boolean;
  /** The step hint shown with a failure whose check gave no hint of its own. */
  stepHint?: string;
  /**
   * Tells whether the state has settled (`labs test` passes one): `eventually` then passes only
   * on a settled state, never on one still converging.
   */
  settle?: SettleProbe;
  /**
   * Checks expected to fail here (`labs test`: before the solution, on wrong-answer fixtures).
   * With `settle`, their `eventually` ends as soon as the settled state has been quiet for a
   * moment and still fails, instead of waiting out the check's timeout.
   */
  expectFailing?: readonly string[];
}

/** Whether the state the checks read has settled, as one probe saw it. */
export interface SettledState {
  settled: boolean;
  /** Epoch ms since when this exact state has been seen settled (the probe's time when not). */
  since: number;
  /** What is still converging, e.g. "pod stray is not Ready yet (Pending) in demos". */
  pending: string[];
}

export type SettleProbe = (signal?: AbortSignal) => Promise<SettledState>;

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
