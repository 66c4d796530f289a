/** The list of the lab's steps, to move to another one or rebuild the cluster there. */
import { Box, Text } from 'ink';
import type { StepOutline } from '../core/stepState/types.js';
import type { LabProgress } from '../core/progress.js';
import { stepProgress } from '../core/progress.js';
import { STEP_STATUS_LABEL, stepStatus } from '../core/stepStatus.js';
import { truncate } from './format.js';
import { useTheme } from './theme.js';

export interface StepListProps {
  steps: readonly StepOutline[];
  progress: LabProgress;
  cursor: number;
  current: number;
  rows: number;
  width: number;
}

export function StepList({ steps, progress, cursor, current, rows, width }: StepListProps) {
  const { color } = useTheme();
  const visible = Math.max(1, rows - 1);
  const first = Math.min(Math.max(0, cursor - Math.floor(visible / 2)), Math.max(0, steps.length - visible));
  return (
    <Box flexDirection="column" height={rows}>
      <Text bold>Steps</Text>
      {steps.slice(first, first + visible).map((step, offset) => {
        const index = first + offset;
        const status = STEP_STATUS_LABEL[stepStatus(stepProgress(progress, step.id))];
        const marker = index === cursor ? '▶' : ' ';
        const here = index === current ? ' (you are here)' : '';
        const text = truncate(
          `${marker} ${String(index + 1).padStart(2)}. ${step.title}${here}`,
          Math.max(10, width - 14),
        );
        return (
          <Text key={step.id} inverse={index === cursor} wrap="truncate-end">
            {text}
            <Text color={color ? 'green' : undefined}>{status ? `  ${status}` : ''}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
