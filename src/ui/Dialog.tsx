/** Confirmations and the answer field: what the learner is asked before something happens. */
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { DocLine } from './markdown/types.js';
import { Lines } from './Lines.js';
import { useTheme } from './theme.js';

export interface ConfirmProps {
  title: string;
  lines: DocLine[];
  width: number;
}

/** Rows a dialog takes: its border, title and body (the footer lists its keys). */
export const dialogRows = (bodyLines: number): number => bodyLines + 3;

export function ConfirmDialog({ title, lines, width }: ConfirmProps) {
  const { color } = useTheme();
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={color ? 'yellow' : undefined}
      paddingX={1}
      width={width}
    >
      <Text bold>{title}</Text>
      <Lines lines={lines} />
    </Box>
  );
}

export interface AnswerDialogProps {
  prompt: DocLine[];
  draft: string;
  width: number;
  onChange(draft: string): void;
  onSubmit(): void;
}

export function AnswerDialog({ prompt, draft, width, onChange, onSubmit }: AnswerDialogProps) {
  const { color } = useTheme();
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color ? 'cyan' : undefined} paddingX={1} width={width}>
      <Lines lines={prompt} />
      <Box>
        <Text bold>answer: </Text>
        <TextInput value={draft} onChange={onChange} onSubmit={() => onSubmit()} placeholder="type your answer" />
      </Box>
    </Box>
  );
}
