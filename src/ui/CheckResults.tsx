/** The latest grading of the step: each check's result, with the message and hint of a failure. */
import { Box, Text } from 'ink';
import type { CheckReport, StepReport } from '../core/grading/types.js';
import type { DocLine, Span } from './markdown/types.js';
import { mergeSpans, wrapSpans } from './markdown/wrap.js';
import { Lines } from './Lines.js';

const MARKS: Record<CheckReport['status'], Span> = {
  pass: { text: '✓ ', color: 'green', bold: true },
  fail: { text: '✗ ', color: 'red', bold: true },
  error: { text: '! ', color: 'yellow', bold: true },
  skipped: { text: '- ', dim: true },
};

/** The results as wrapped lines; the caller decides how many rows they get. */
export function checkResultLines(report: StepReport, width: number, checking: boolean): DocLine[] {
  const passed = report.checks.filter((check) => check.status === 'pass').length;
  const skipped = report.checks.filter((check) => check.status === 'skipped').length;
  const summary =
    report.status === 'passed'
      ? 'step passed'
      : report.checks.length === 0
        ? 'nothing to check in this step'
        : `${passed} of ${report.checks.length} passed${skipped > 0 ? `; ${skipped} cannot run on this cluster, so the step cannot pass here` : ''}`;
  const lines: DocLine[] = [
    {
      spans: mergeSpans([
        { text: '── checks ── ', dim: true },
        {
          text: summary,
          bold: true,
          color: report.status === 'passed' ? 'green' : report.status === 'failed' ? 'red' : 'yellow',
        },
        ...(checking ? [{ text: ' (checking again…)', dim: true }] : []),
      ]),
    },
  ];
  const indent: Span = { text: '    ' };
  // Failures first: they are what the learner acts on when rows are short.
  const order: Record<CheckReport['status'], number> = { fail: 0, error: 1, skipped: 2, pass: 3 };
  for (const check of [...report.checks].sort((a, b) => order[a.status] - order[b.status])) {
    lines.push(
      ...wrapSpans(
        [{ text: check.title, bold: check.status !== 'pass' }],
        width,
        [{ text: '  ' }, MARKS[check.status]],
        [indent],
      ),
    );
    if (check.status === 'pass') continue;
    if (check.message) lines.push(...wrapSpans([{ text: check.message }], width, [indent], [indent]));
    if (check.hint)
      lines.push(...wrapSpans([{ text: 'hint: ', color: 'yellow' }, { text: check.hint }], width, [indent], [indent]));
    if (check.next)
      lines.push(...wrapSpans([{ text: 'next: ', color: 'yellow' }, { text: check.next }], width, [indent], [indent]));
  }
  return lines;
}

export function CheckResults({ lines, rows }: { lines: DocLine[]; rows: number }) {
  const shown =
    lines.length > rows
      ? [
          ...lines.slice(0, Math.max(0, rows - 1)),
          { spans: [{ text: `  … ${lines.length - rows + 1} more lines`, dim: true }] },
        ]
      : lines;
  return (
    <Box flexDirection="column">
      <Lines lines={shown.slice(0, rows)} />
    </Box>
  );
}

export function CheckingLine() {
  return <Text dimColor>── checking…</Text>;
}
