/** The workshop roster as text, CSV and JSON rows. */
import type { RosterRow } from '../../core/workshop/roster.js';
import { ROSTER_HEADER, rosterCells } from '../../core/workshop/rosterCells.js';
import type { Style } from '../output.js';

/** Rows padded into columns; stuck rows in yellow. */
export function rosterTable(rows: readonly RosterRow[], now: Date, style: Style): string[] {
  const cells = [ROSTER_HEADER, ...rows.map((row) => rosterCells(row, now))];
  const widths = ROSTER_HEADER.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells.map((line, index) => {
    const text = line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
    if (index === 0) return style.bold(text);
    return rows[index - 1]!.stuck ? style.yellow(text) : text;
  });
}

const csvCell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function rosterCsv(rows: readonly RosterRow[]): string {
  const header = [
    'attendee',
    'namespace',
    'step',
    'step_number',
    'checks_passed',
    'checks',
    'questions_right',
    'questions',
    'hints',
    'solutions',
    'seconds_on_step',
    'last_activity',
    'stuck',
    'grade_error',
  ];
  const lines = rows.map((row) =>
    [
      row.attendee,
      row.namespace,
      row.step,
      String(row.stepNumber),
      String(row.checksPassed),
      String(row.checks),
      String(row.questionsRight),
      String(row.questions),
      String(row.hints),
      String(row.solutions),
      row.secondsOnStep === undefined ? '' : String(row.secondsOnStep),
      row.lastActivity ?? '',
      String(row.stuck),
      row.gradeError ?? '',
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n');
}
