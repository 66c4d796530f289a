/** The plain-text report of `labs test`: what happened per lab, step and check, and how long it took. */
import type { LabTestSummary } from './summary.js';
import type { CheckVerdict, FixtureVerdict, LabTestReport, StepTestReport, Verdict } from './types.js';

/** Colouring, or none (cli/output.ts's Style fits). */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const mark = (verdict: Verdict, paint: Paint): string => {
  switch (verdict) {
    case 'ok':
      return paint.green('ok   ');
    case 'violated':
      return paint.red('FAIL ');
    case 'error':
      return paint.red('ERROR');
    case 'skipped':
      return paint.yellow('skip ');
  }
};

const verdictLine = (verdict: Verdict, name: string, width: number, reason: string, paint: Paint): string =>
  `    ${mark(verdict, paint)} ${name.padEnd(width)} ${verdict === 'ok' ? paint.dim(reason) : reason}`;

const checkLine = (check: CheckVerdict, width: number, paint: Paint): string =>
  verdictLine(check.verdict, check.id, width, check.reason, paint);

const fixtureLine = (fixture: FixtureVerdict, width: number, paint: Paint): string =>
  verdictLine(fixture.verdict, `fixture ${fixture.name}`, width, fixture.reason, paint);

export function formatReset(ms: number, paint: Paint): string {
  return `  ${'reset'.padEnd(36)} ${paint.dim(seconds(ms))}`;
}

export function formatStep(step: StepTestReport, index: number, paint: Paint): string[] {
  const heading = `  ${`step ${index + 1} ${step.id}`.padEnd(36)}`;
  if (step.status === 'not-run') return [`${heading} ${paint.dim('not run: an earlier step did not complete')}`];
  const { beforeMs, fixturesMs, solutionMs, afterMs } = step.timings;
  const parts = [
    `before ${seconds(beforeMs)}`,
    ...(step.fixtures.length ? [`fixtures ${seconds(fixturesMs)}`] : []),
    `solution ${seconds(solutionMs)}`,
    `after ${seconds(afterMs)}`,
  ];
  const lines = [`${heading} ${seconds(step.durationMs)} ${paint.dim(`(${parts.join(', ')})`)}`];
  // One column for the names of a step, as wide as its longest name within reason.
  const names = [...step.checks.map((check) => check.id), ...step.fixtures.map((fixture) => `fixture ${fixture.name}`)];
  const width = Math.min(48, Math.max(28, ...names.map((name) => name.length)));
  if (step.error) lines.push(`    ${mark('error', paint)} ${step.error}`);
  lines.push(...step.checks.map((check) => checkLine(check, width, paint)));
  lines.push(...step.fixtures.map((fixture) => fixtureLine(fixture, width, paint)));
  if (step.solutionError)
    lines.push(verdictLine('violated', 'solution', width, step.solutionError.replace(/\n/g, '\n      '), paint));
  return lines;
}

export function formatLabEnd(report: LabTestReport, paint: Paint): string[] {
  const lines: string[] = [];
  if (report.cleanedUp) lines.push(`  ${'cleanup'.padEnd(36)} ${paint.dim(seconds(report.timings.cleanupMs))}`);
  else if (!report.error)
    lines.push(`  ${paint.dim('cleanup skipped (--keep): the cluster is left as the last step made it')}`);
  if (report.error) lines.push(`  ${mark('error', paint)} ${report.error}`);
  const status =
    report.status === 'ok' ? paint.green('ok') : paint.red(report.status === 'violated' ? 'FAILED' : 'ERROR');
  lines.push(`  ${status} ${report.lab} in ${seconds(report.durationMs)}`);
  return lines;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function formatSummary(summary: LabTestSummary, paint: Paint): string {
  const parts = [
    `${plural(summary.checksVerified, 'check')} verified`,
    `${plural(summary.fixturesVerified, 'fixture')} verified`,
    summary.violations ? paint.red(plural(summary.violations, 'violation')) : '0 violations',
    summary.errors ? paint.red(plural(summary.errors, 'error')) : '0 errors',
    // Only a cluster without a data plane skips checks; say why only when some were.
    summary.skipped ? `${summary.skipped} skipped (no data plane)` : '0 skipped',
  ];
  return `${paint.bold('Summary:')} ${plural(summary.labs, 'lab')}, ${plural(summary.steps, 'step')}: ${parts.join(', ')} in ${seconds(summary.durationMs)}`;
}
