/**
 * The plain transcript's words: what a screen reader hears, one line per event, no layout, no
 * colour, no symbols that read badly. Pure, so the exact lines are tested without a terminal.
 */
import type { CheckReport, StepReport } from '../../core/grading/types.js';
import { changedChecks } from '../../core/grading/watchStep.js';
import type { Notice } from '../../core/stepState/types.js';
import type { DocLine } from '../markdown/types.js';
import type { KeyHelp } from '../keymap.js';

const WORDS: Record<CheckReport['status'], string> = {
  pass: 'passed',
  fail: 'failed',
  error: 'could not run',
  skipped: 'cannot run on this cluster',
};

/**
 * Each check of a grading as one line ("check 2 of 6 passed: ..."), then the step's verdict. With
 * `previous` (an auto-check re-grading), only the checks whose result changed; nothing when none did.
 */
export function checkAnnouncements(report: StepReport, previous?: StepReport): string[] {
  const checks = previous ? changedChecks(previous, report) : report.checks;
  if (previous && checks.length === 0) return [];
  const total = report.checks.length;
  const lines = checks.map((check) => {
    const number = report.checks.indexOf(check) + 1;
    const message = check.message ? `: ${check.message}` : '';
    const hint = check.status === 'fail' && check.hint ? ` (hint: ${check.hint})` : '';
    return `check ${number} of ${total} ${WORDS[check.status]}: ${check.title}${message}${hint}`;
  });
  const passed = report.checks.filter((check) => check.status === 'pass').length;
  const verdict =
    report.status === 'passed'
      ? 'step passed: press n for the next step'
      : total === 0
        ? 'nothing to check in this step'
        : `${passed} of ${total} checks passed`;
  return [...lines, verdict];
}

/** A rendered line as text, without the guide's gutters and selection marks. */
export function plainLine(line: DocLine): string {
  const text = line.spans.map((span) => span.text).join('');
  return text
    .replace(/^(\s*)[│┃] ?/, '$1  ')
    .replace(/^(\s*)[▷▶] /, '$1')
    .replace(/ {2}Enter runs it$/, '')
    .trimEnd();
}

/** The keys that apply, as one sentence. */
export const keysLine = (keys: readonly KeyHelp[]): string =>
  `keys: ${keys.map((key) => `${key.keys} ${key.label}`).join(', ')}`;

export function noticeLine(notice: Notice): string {
  switch (notice.tone) {
    case 'error':
      return `error: ${notice.text}`;
    case 'warn':
      return `note: ${notice.text}`;
    default:
      return notice.text;
  }
}

/** What to write to the terminal so the echoed answer goes from `before` to `after`. */
export function echoEdit(before: string, after: string, prompt: string): string {
  if (after.startsWith(before)) return after.slice(before.length);
  if (before.startsWith(after)) return '\b \b'.repeat(before.length - after.length);
  // Any other edit (Ctrl-U, a change mid-line): the line again, on a new line.
  return `\n${prompt}${after}`;
}
