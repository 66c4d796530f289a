/** Styled lines: what the markdown renderer produces and the Lines component draws. */

export type Color = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';

export interface SpanStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  dim?: boolean;
  inverse?: boolean;
  color?: Color;
}

export interface Span extends SpanStyle {
  text: string;
}

/** One terminal line, already wrapped to the width it was rendered for. */
export interface DocLine {
  spans: Span[];
  /** The selectable item (command block or question) this line belongs to. */
  item?: number;
  /** How the line looks while its item is selected. */
  selectedSpans?: Span[];
}

export const lineText = (spans: readonly Span[]): string => spans.map((span) => span.text).join('');
