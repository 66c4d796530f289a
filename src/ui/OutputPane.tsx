/** The last lines of the running or last command, with how it ended. */
import { Box, Text } from 'ink';
import type { OutputLine } from '../core/stepState/lineBuffer.js';
import type { RunOutcome } from '../core/stepState/types.js';
import { formatDuration, sanitizeLine, truncate } from './format.js';
import { useTheme } from './theme.js';

export interface OutputPaneProps {
  title: string;
  lines: readonly OutputLine[];
  /** Lines no longer kept (the buffer is capped). */
  dropped: number;
  /** Lines scrolled back from the newest. */
  scroll: number;
  /** Rows for the pane, its status row included. */
  rows: number;
  width: number;
  running: boolean;
  stopping: boolean;
  outcome?: RunOutcome;
}

/** Rows the pane would like: its status row plus up to 12 lines of output. */
export const wantedOutputRows = (lineCount: number): number => 1 + Math.min(12, Math.max(1, lineCount));

export function OutputPane(props: OutputPaneProps) {
  const { color } = useTheme();
  const visible = Math.max(0, props.rows - 1);
  const end = Math.max(0, props.lines.length - props.scroll);
  const shown = props.lines.slice(Math.max(0, end - visible), end);
  const { outcome } = props;
  const failed = outcome !== undefined && (outcome.exitCode !== 0 || outcome.error !== undefined);
  let status: string;
  if (props.running) status = props.stopping ? 'stopping…' : 'running… Ctrl-C stops it';
  else if (!outcome) status = 'done';
  else if (outcome.error) status = `✗ could not run: ${outcome.error}`;
  else if (outcome.timedOut) status = `✗ timed out after ${formatDuration(outcome.durationMs)}`;
  else if (outcome.aborted) status = `■ stopped after ${formatDuration(outcome.durationMs)} (exit ${outcome.exitCode})`;
  else status = `${failed ? '✗' : '✓'} exit ${outcome.exitCode} in ${formatDuration(outcome.durationMs)}`;
  const statusColor = props.running
    ? 'yellow'
    : failed || outcome?.timedOut
      ? 'red'
      : outcome?.aborted
        ? 'yellow'
        : 'green';
  const title = truncate(props.title.split('\n')[0] ?? '', Math.max(10, props.width - status.length - 8));
  const more = props.dropped > 0 || end - visible > 0 ? ` ↑${Math.max(0, end - visible) + props.dropped}` : '';
  return (
    <Box flexDirection="column" width={props.width}>
      <Text wrap="truncate-end">
        <Text dimColor>{'── '}</Text>
        <Text bold>{title}</Text>
        <Text dimColor>{' ── '}</Text>
        <Text color={color ? statusColor : undefined}>{status}</Text>
        <Text dimColor>{more}</Text>
      </Text>
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end" color={color && line.stream === 'stderr' ? 'red' : undefined}>
          {line.stream === 'stderr' ? (color ? '  ' : '! ') : '  '}
          {sanitizeLine(line.text) || ' '}
        </Text>
      ))}
      {shown.length === 0 && <Text dimColor>{props.running ? '  (no output yet)' : '  (no output)'}</Text>}
    </Box>
  );
}
