/** StepReports as text for people: a mark per check, its message, hints for failures, a summary. */
import type { Lab } from '../../core/lab.js';
import type { ClusterTarget } from '../../core/ports.js';
import type { CheckReport, CheckStatus, StepReport } from '../../core/grading/types.js';
import { formatSeconds } from '../../core/grading/deadline.js';
import { NOT_ANSWERED } from '../../core/grading/grader.js';
import type { Style } from '../output.js';
import { countChecks } from './summary.js';
import { followUp } from '../followUp.js';

export interface TextOptions {
  style: Style;
  /** Colour terminal: symbols as marks; otherwise words that survive logs and screen readers. */
  color: boolean;
  /** How the learner names the lab on the command line (its id, or the path they typed). */
  labRef: string;
  /** The attendee's workshop kubeconfig, which every suggested command then names. */
  kubeconfig?: string | undefined;
}

const SYMBOLS: Record<CheckStatus, string> = { pass: '✔', fail: '✘', error: '!', skipped: '-' };
const WORDS: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP' };

export function mark(status: CheckStatus, options: Pick<TextOptions, 'style' | 'color'>): string {
  const { style } = options;
  const paint = { pass: style.green, fail: style.red, error: style.yellow, skipped: style.dim }[status];
  return options.color ? paint(SYMBOLS[status]) : WORDS[status].padEnd(5);
}

/** "clusterip / create-service (step 2 of 5: Expose the frontend) on kind-k8s-labs at https://..." */
export function headerLine(lab: Lab, stepId: string, target: ClusterTarget | undefined, options: TextOptions): string {
  const index = lab.steps.findIndex((step) => step.id === stepId);
  const step = lab.steps[index];
  const where = target ? ` on ${target.context} at ${target.server}` : '';
  const title = step ? ` (step ${index + 1} of ${lab.steps.length}: ${step.title})` : '';
  return `${options.style.bold(`${lab.id} / ${stepId}`)}${title}${where}`;
}

/**
 * One check as a line, plus a hint or an answer instruction under it when useful. `withMessage`
 * false leaves the message out (an error shared by several checks is printed once, below them).
 */
export function checkLines(
  check: CheckReport,
  options: TextOptions,
  shownHints?: Set<string>,
  withMessage = true,
): string[] {
  const { style } = options;
  const indent = options.color ? '  ' : '';
  const message = withMessage ? `${style.dim(':')} ${check.message}` : '';
  // A question shows its id: the learner types it to answer (`labs answer <lab> <id> <value>`).
  const id = check.kind === 'question' ? ` ${style.dim(`[${check.id}]`)}` : '';
  const lines = [`${indent}${mark(check.status, options)} ${check.title}${id}${message}`];
  const under = `${indent}${' '.repeat(options.color ? 2 : 6)}`;
  if (check.status === 'fail' && check.kind === 'question' && check.message === NOT_ANSWERED) {
    lines.push(
      `${under}${style.dim(`answer with: ${followUp(`labs answer ${options.labRef} ${check.id} <value>`, options.kubeconfig)}`)}`,
    );
  }
  if (check.status === 'fail' && check.hint && !shownHints?.has(check.hint)) {
    shownHints?.add(check.hint);
    lines.push(`${under}${style.cyan('hint:')} ${check.hint}`);
  }
  return lines;
}

export function summaryLine(
  report: Pick<StepReport, 'checks' | 'status' | 'durationMs'>,
  options: TextOptions,
): string {
  const { style } = options;
  const counts = countChecks(report.checks);
  const time = style.dim(`(${formatSeconds(report.durationMs)})`);
  const noun = counts.total === 1 ? 'check' : 'checks';
  if (report.status === 'passed')
    return `${style.green(style.bold('Passed'))}: ${counts.total === 1 ? 'the check' : `all ${counts.total} ${noun}`} ${time}`;
  const parts = [`${counts.pass} passed`];
  if (counts.fail) parts.push(`${counts.fail} not yet`);
  if (counts.error) parts.push(`${counts.error} could not run`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  const head =
    report.status === 'error'
      ? style.yellow(style.bold('Could not grade'))
      : report.status === 'incomplete'
        ? style.yellow(style.bold('Incomplete'))
        : style.red(style.bold('Not passed yet'));
  return `${head}: ${counts.total} ${noun}, ${parts.join(', ')} ${time}`;
}

/** Error messages that several checks share, such as an unreachable cluster. */
function sharedErrors(checks: readonly CheckReport[]): Set<string> {
  const counts = new Map<string, number>();
  for (const check of checks)
    if (check.status === 'error') counts.set(check.message, (counts.get(check.message) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count > 1).map(([message]) => message));
}

/** The whole report of one step. */
export function renderStepText(
  lab: Lab,
  report: StepReport,
  target: ClusterTarget | undefined,
  options: TextOptions,
): string[] {
  const shownHints = new Set<string>();
  const lines = [headerLine(lab, report.step, target, options)];
  if (report.checks.length === 0) lines.push(options.style.dim('  this step has no checks'));
  const shared = sharedErrors(report.checks);
  for (const check of report.checks)
    lines.push(...checkLines(check, options, shownHints, !(check.status === 'error' && shared.has(check.message))));
  for (const message of shared) lines.push(`${options.style.yellow('error:')} ${message}`);
  lines.push(summaryLine(report, options));
  const next = [
    ...new Set(report.checks.flatMap((check) => (check.status === 'error' && check.next ? [check.next] : []))),
  ];
  for (const step of next) lines.push(`${options.style.cyan('next:')} ${step}`);
  return lines;
}
