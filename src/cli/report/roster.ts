/** The workshop roster as text, CSV and JSON rows. */
import type { RosterRow } from '../../core/workshop/roster.js';
import type { Style } from '../output.js';

export const duration = (seconds: number | undefined): string => {
  if (seconds === undefined) return '-';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
};

const ago = (at: string | undefined, now: Date): string =>
  at ? `${duration(Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000)))} ago` : '-';

export const ROSTER_HEADER = [
  'attendee',
  'step',
  'checks',
  'questions',
  'hints',
  'solutions',
  'on step',
  'last activity',
  'stuck',
];

export function rosterCells(row: RosterRow, now: Date): string[] {
  return [
    row.attendee,
    `${row.stepNumber}/${row.steps} ${row.step}`,
    row.gradeError ? 'error' : `${row.checksPassed}/${row.checks}`,
    `${row.questionsRight}/${row.questions}`,
    String(row.hints),
    String(row.solutions),
    duration(row.secondsOnStep),
    ago(row.lastActivity, now),
    row.stuck ? 'STUCK' : '',
  ];
}

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
