/** Confirmations and the answer field: what the learner is asked before something happens. */
import { Box, Text } from 'ink';
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
  /** Where the next character goes, as an index in `draft`. */
  cursor: number;
  width: number;
}

/**
 * The answer field, controlled: the text and cursor live in the step state (keys reach the
 * reducer through the key map), so what is drawn is exactly what will be submitted.
 */
export function AnswerDialog({ prompt, draft, cursor, width }: AnswerDialogProps) {
  const { color } = useTheme();
  const room = Math.max(1, width - 4 - 'answer: '.length - 1);
  // Long answers scroll so the cursor stays in view.
  const start = Math.max(0, cursor - room + 1);
  const shown = draft.slice(start, start + room);
  const at = cursor - start;
  const under = [...shown.slice(at)][0] ?? ' ';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color ? 'cyan' : undefined} paddingX={1} width={width}>
      <Lines lines={prompt} />
      <Box>
        <Text bold>answer: </Text>
        {draft === '' ? (
          <Text>
            <Text inverse>t</Text>
            <Text dimColor>ype your answer</Text>
          </Text>
        ) : (
          <Text wrap="truncate-end">
            {shown.slice(0, at)}
            <Text inverse>{under}</Text>
            {shown.slice(at + under.length)}
          </Text>
        )}
      </Box>
    </Box>
  );
}
