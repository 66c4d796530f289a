/** The roster's cells as text, shared by the printed table and the live one. */
import type { RosterRow } from './roster.js';

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
