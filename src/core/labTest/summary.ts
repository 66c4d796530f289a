/** The totals `labs test` prints last and decides its exit code from. */
import type { LabTestReport } from './types.js';

export interface LabTestSummary {
  labs: number;
  steps: number;
  /** Check gradings where the rule held (fail before / pass after, or a precondition held). */
  checksVerified: number;
  /** Fixtures rejected by every check they name. */
  fixturesVerified: number;
  /** Broken rules: checks passing too early or failing after the solution, accepted fixtures, solutions that did not apply. */
  violations: number;
  /** Checks or fixtures that could not run, and labs that could not be reset. */
  errors: number;
  /** Checks and fixtures the cluster cannot run (no data plane), counted apart from the rest. */
  skipped: number;
  durationMs: number;
}

export function summarize(reports: readonly LabTestReport[], durationMs: number): LabTestSummary {
  const summary: LabTestSummary = {
    labs: reports.length,
    steps: 0,
    checksVerified: 0,
    fixturesVerified: 0,
    violations: 0,
    errors: 0,
    skipped: 0,
    durationMs,
  };
  for (const report of reports) {
    if (report.error) summary.errors++;
    for (const step of report.steps) {
      if (step.status !== 'not-run') summary.steps++;
      if (step.solutionError) summary.violations++;
      if (step.error) summary.errors++;
      for (const check of step.checks) {
        if (check.verdict === 'ok') summary.checksVerified++;
        else if (check.verdict === 'violated') summary.violations++;
        else if (check.verdict === 'error') summary.errors++;
        else summary.skipped++;
      }
      for (const fixture of step.fixtures) {
        if (fixture.verdict === 'ok') summary.fixturesVerified++;
        else if (fixture.verdict === 'violated') summary.violations++;
        else if (fixture.verdict === 'error') summary.errors++;
        else summary.skipped++;
      }
    }
  }
  return summary;
}

/** The run passed when nothing was violated and nothing failed to run; skips do not fail it. */
export const testPassed = (summary: LabTestSummary): boolean => summary.violations === 0 && summary.errors === 0;
