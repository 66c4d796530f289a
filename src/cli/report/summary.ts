/** Status arithmetic shared by the text, JSON and JUnit renderings and the exit code. */
import { ExitCode } from '../../errors.js';
import type { CheckReport, OverallStatus, StepReport } from '../../core/grading/types.js';

/** The status of several steps: the worst of them. */
export function combinedStatus(reports: readonly StepReport[]): OverallStatus {
  const statuses = new Set(reports.map((report) => report.status));
  for (const status of ['error', 'failed', 'incomplete'] as const) if (statuses.has(status)) return status;
  return 'passed';
}

/** 0 every check passed; 1 something failed or was skipped; 3 a check could not run at all. */
export function exitCodeFor(status: OverallStatus): ExitCode {
  if (status === 'passed') return ExitCode.ok;
  if (status === 'error') return ExitCode.environment;
  return ExitCode.notPassed;
}

export interface Counts {
  total: number;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
}

export function countChecks(checks: readonly CheckReport[]): Counts {
  const counts: Counts = { total: checks.length, pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}
