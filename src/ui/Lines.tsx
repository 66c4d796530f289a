/** Draws styled lines exactly as rendered: one terminal row each, never re-wrapped by Ink. */
import { Box, Text } from 'ink';
import type { DocLine, Span } from './markdown/types.js';
import { useTheme } from './theme.js';

export interface LinesProps {
  lines: readonly DocLine[];
  /** The selected item: its lines are drawn with their `selectedSpans`. */
  selected?: number;
}

export function SpanText({ span }: { span: Span }) {
  const { color } = useTheme();
  return (
    <Text
      bold={span.bold}
      italic={span.italic}
      underline={span.underline}
      strikethrough={span.strikethrough}
      dimColor={span.dim || (!color && span.color === 'gray') ? true : undefined}
      inverse={span.inverse}
      color={color ? span.color : undefined}
    >
      {span.text}
    </Text>
  );
}

export function LineView({ line, selected }: { line: DocLine; selected?: number }) {
  const spans =
    line.item !== undefined && line.item === selected && line.selectedSpans ? line.selectedSpans : line.spans;
  if (spans.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {spans.map((span, index) => (
        <SpanText key={index} span={span} />
      ))}
    </Text>
  );
}

export function Lines({ lines, selected }: LinesProps) {
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <LineView key={index} line={line} selected={selected} />
      ))}
    </Box>
  );
}
