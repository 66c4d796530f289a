/**
 * A finished command, written once above the live area (Ink's <Static>): the terminal's
 * scrollback keeps every output while the live pane only shows the last lines.
 */
import { Box, Text } from 'ink';
import type { OutputLine } from '../core/stepState/lineBuffer.js';
import type { RunOutcome } from '../core/stepState/types.js';
import { formatDuration, sanitizeLine } from './format.js';
import { useTheme } from './theme.js';

export interface TranscriptEntry {
  id: number;
  script: string;
  lines: readonly OutputLine[];
  dropped: number;
  outcome: RunOutcome;
}

/** How a block ended, in one line: "✓ exit 0 in 1.2 s". */
export function outcomeText(outcome: RunOutcome): string {
  const ok = outcome.exitCode === 0 && !outcome.error;
  return outcome.error
    ? `✗ could not run: ${outcome.error}`
    : `${ok ? '✓' : outcome.aborted ? '■' : '✗'} exit ${outcome.exitCode}${outcome.aborted ? ' (stopped)' : ''}${outcome.timedOut ? ' (timed out)' : ''} in ${formatDuration(outcome.durationMs)}`;
}

export function TranscriptView({ entry }: { entry: TranscriptEntry }) {
  const { color } = useTheme();
  const { outcome } = entry;
  const ok = outcome.exitCode === 0 && !outcome.error;
  const end = outcomeText(outcome);
  return (
    <Box flexDirection="column">
      <Text bold>{`$ ${entry.script.split('\n').join('\n  ')}`}</Text>
      {entry.dropped > 0 && <Text dimColor>{`… ${entry.dropped} earlier lines not kept`}</Text>}
      {entry.lines.map((line, index) => (
        <Text key={index} color={color && line.stream === 'stderr' ? 'red' : undefined}>
          {sanitizeLine(line.text) || ' '}
        </Text>
      ))}
      <Text color={color ? (ok ? 'green' : 'red') : undefined}>{end}</Text>
    </Box>
  );
}
