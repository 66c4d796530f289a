/** Word wrapping of styled text to a terminal width, with prefixes for lists and quotes. */
import type { DocLine, Span, SpanStyle } from './types.js';

/** Terminal cells taken by `text`: one per code point, two for wide East Asian characters. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff)
  );
}

/** Splits `text` into pieces no wider than `width`. */
export function hardSplit(text: string, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const w = textWidth(char);
    if (used + w > width && current) {
      pieces.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += w;
  }
  if (current || pieces.length === 0) pieces.push(current);
  return pieces;
}

/** A hard line break inside inline content. */
export const BREAK: Span = { text: '\n' };

const style = (span: Span): SpanStyle => {
  const { text: _text, ...rest } = span;
  return rest;
};

const sameStyle = (a: SpanStyle, b: SpanStyle): boolean =>
  a.bold === b.bold &&
  a.italic === b.italic &&
  a.underline === b.underline &&
  a.strikethrough === b.strikethrough &&
  a.dim === b.dim &&
  a.inverse === b.inverse &&
  a.color === b.color;

/** Joins neighbouring spans of the same style. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    if (span.text === '') continue;
    const last = merged[merged.length - 1];
    if (last && sameStyle(style(last), style(span)))
      merged[merged.length - 1] = { ...last, text: last.text + span.text };
    else merged.push({ ...span });
  }
  return merged;
}

export const spansWidth = (spans: readonly Span[]): number =>
  spans.reduce((sum, span) => sum + textWidth(span.text), 0);

interface Piece {
  span: Span;
  space: boolean;
  brk: boolean;
}

/**
 * Wraps inline spans at word boundaries (runs of white space count as one space, like markdown
 * soft breaks); `first` prefixes the first line and `rest` every other one.
 */
export function wrapSpans(
  spans: readonly Span[],
  width: number,
  first: readonly Span[] = [],
  rest: readonly Span[] = first,
): DocLine[] {
  const pieces: Piece[] = [];
  for (const span of spans) {
    if (span === BREAK || span.text === '\n') {
      pieces.push({ span, space: false, brk: true });
      continue;
    }
    for (const part of span.text.replace(/\s+/g, ' ').split(/( )/)) {
      if (part !== '') pieces.push({ span: { ...span, text: part }, space: part === ' ', brk: false });
    }
  }
  const lines: DocLine[] = [];
  let prefix = first;
  let current: Span[] = [];
  let used = 0;
  let room = Math.max(1, width - spansWidth(prefix));
  const flush = (): void => {
    while (current.length > 0 && current[current.length - 1]!.text === ' ') current.pop();
    lines.push({ spans: mergeSpans([...prefix, ...current]) });
    prefix = rest;
    current = [];
    used = 0;
    room = Math.max(1, width - spansWidth(prefix));
  };
  for (const piece of pieces) {
    if (piece.brk) {
      flush();
      continue;
    }
    if (piece.space) {
      if (used > 0 && used < room) {
        current.push(piece.span);
        used += 1;
      }
      continue;
    }
    let text = piece.span.text;
    if (used > 0 && used + textWidth(text) > room) flush();
    // A word wider than the line is cut where the line ends.
    while (textWidth(text) > room - used) {
      const head = hardSplit(text, room - used)[0]!;
      current.push({ ...piece.span, text: head });
      text = text.slice(head.length);
      flush();
    }
    if (text) {
      current.push({ ...piece.span, text });
      used += textWidth(text);
    }
  }
  if (current.length > 0 || lines.length === 0) flush();
  return lines;
}
