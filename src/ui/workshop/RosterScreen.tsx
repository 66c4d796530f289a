/**
 * The instructor's live roster: one row per attendee, stuck first; s changes the sort, ↑↓ select,
 * Enter opens the selected attendee's checks, q quits. Rows arrive through `subscribe` (the
 * roster's watches), so the table changes as attendees work.
 */
import { Box, render, Text, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { type RosterRow, type RosterSort, sortRoster } from '../../core/workshop/roster.js';
import { ROSTER_HEADER, rosterCells } from '../../core/workshop/rosterCells.js';

export interface RosterCheck {
  title: string;
  status: string;
  message: string;
}

export interface RosterScreenProps {
  workshop: string;
  lab: string;
  initial: RosterRow[];
  /** Calls back with every attendee's row whenever one changes; returns the unsubscribe. */
  subscribe(onRows: (rows: RosterRow[]) => void): () => void;
  /** The selected attendee's last graded checks. */
  details(attendee: string): RosterCheck[];
  now?: () => Date;
}

const SORTS: RosterSort[] = ['stuck', 'step', 'name'];

export function RosterScreen(props: RosterScreenProps) {
  const { exit } = useApp();
  const [rows, setRows] = useState(props.initial);
  const [sort, setSort] = useState<RosterSort>('stuck');
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState(false);
  useEffect(() => props.subscribe(setRows), [props]);
  const sorted = sortRoster(rows, sort);
  const now = props.now?.() ?? new Date();
  useInput((input, key) => {
    if (input === 'q' || key.escape) exit();
    else if (input === 's') setSort((current) => SORTS[(SORTS.indexOf(current) + 1) % SORTS.length]!);
    else if (key.upArrow) setSelected((index) => Math.max(0, index - 1));
    else if (key.downArrow) setSelected((index) => Math.min(sorted.length - 1, index + 1));
    else if (key.return) setOpen((value) => !value);
  });
  const cells = [ROSTER_HEADER, ...sorted.map((row) => rosterCells(row, now))];
  const widths = ROSTER_HEADER.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const line = (values: string[]): string => values.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const current = sorted[Math.min(selected, sorted.length - 1)];
  const stuck = rows.filter((row) => row.stuck).length;
  return (
    <Box flexDirection="column">
      <Text bold>
        workshop {props.workshop} · {props.lab} · {rows.length} attendees · {stuck} stuck · sorted by {sort}
      </Text>
      <Text bold>{line(cells[0]!)}</Text>
      {sorted.map((row, index) => (
        <Text key={row.attendee} inverse={index === selected} {...(row.stuck ? { color: 'yellow' } : {})}>
          {line(cells[index + 1]!)}
        </Text>
      ))}
      {open && current ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            {current.attendee} · step {current.stepNumber} {current.step}
            {current.gradeError ? ` · could not grade: ${current.gradeError}` : ''}
          </Text>
          {props.details(current.attendee).map((check) => (
            <Text key={check.title}>
              {check.status === 'pass' ? '✓' : check.status === 'skipped' ? '–' : '✗'} {check.title}
              {check.status === 'pass' ? '' : `: ${check.message}`}
            </Text>
          ))}
        </Box>
      ) : null}
      <Text dimColor>↑↓ select · Enter checks of the selected attendee · s sort · q quit</Text>
    </Box>
  );
}

/** Renders the roster until q or `signal`. */
export async function runRosterScreen(props: RosterScreenProps, signal: AbortSignal): Promise<void> {
  const instance = render(<RosterScreen {...props} />, { exitOnCtrlC: false });
  const onAbort = (): void => instance.unmount();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    signal.removeEventListener('abort', onAbort);
    instance.cleanup();
  }
}
