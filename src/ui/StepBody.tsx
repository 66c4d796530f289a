/** The visible slice of the step body, with a line saying how much more there is. */
import { Box, Text } from 'ink';
import { bodyWindow, visibleRange } from './bodyWindow.js';
import { Lines } from './Lines.js';
import type { DocLine } from './markdown/types.js';

export interface StepBodyProps {
  lines: readonly DocLine[];
  top: number;
  rows: number;
  selected: number;
}

export function StepBody({ lines, top, rows, selected }: StepBodyProps) {
  const overflows = lines.length > rows;
  const { start, end } = visibleRange(top, bodyWindow(lines.length, rows), lines.length);
  const shown = lines.slice(start, end);
  const below = lines.length - start - shown.length;
  const position = overflows
    ? `── ${below > 0 ? `${below} more line${below === 1 ? '' : 's'} below (↓ j PgDn)` : 'end'}${start > 0 ? ` · ${start} above (↑ k PgUp)` : ''}`
    : '';
  return (
    <Box flexDirection="column" height={rows}>
      <Lines lines={shown} selected={selected} />
      {overflows && (
        <Box flexGrow={1} alignItems="flex-end">
          <Text dimColor wrap="truncate-end">
            {position}
          </Text>
        </Box>
      )}
    </Box>
  );
}
