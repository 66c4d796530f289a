/**
 * Markdown for the terminal: marked's tokens (from the core's one parse of the text) rendered
 * into lines of styled spans wrapped to the terminal width. The code blocks given as `commands`
 * are the step's runnable blocks, numbered and selectable; every other code block is plain.
 */
import type { Token, Tokens } from 'marked';
import { parseMarkdown } from '../../core/markdown.js';
import { highlightCode } from './highlight.js';
import type { DocLine, Span, SpanStyle } from './types.js';
import { BREAK, hardSplit, mergeSpans, spansWidth, wrapSpans } from './wrap.js';

/** A runnable block as the guide shows it: its token, and the script Enter runs. */
export interface ShownCommand {
  token: Tokens.Code;
  /** The block's code with variables filled in as it runs. */
  script: string;
}

export interface MarkdownOptions {
  width: number;
  /** False under NO_COLOR: inline code keeps its backticks so it still stands out. */
  color: boolean;
  /** Fills `{{variables}}` into prose and plain code; without it text shows as written. */
  fill?: (text: string) => string;
  /** The runnable blocks, in order: the one at position i is selectable item i, shown as [i + 1]. */
  commands?: readonly ShownCommand[];
  /** Blocks not run where the lab runs: hidden, or shown as done by the workshop (see `labWhere`). */
  shownAs?: ReadonlyMap<Token, 'hidden' | 'provided'>;
}

interface Context {
  width: number;
  color: boolean;
  fill: (text: string) => string;
  commands: ReadonlyMap<Tokens.Code, { item: number; script: string }>;
  shownAs: ReadonlyMap<Token, 'hidden' | 'provided'>;
}

/** Renders markdown, given as text or as the tokens `parseMarkdown` made, into wrapped, styled lines. */
export function renderMarkdown(markdown: string | readonly Token[], options: MarkdownOptions): DocLine[] {
  const context: Context = {
    width: Math.max(10, options.width),
    color: options.color,
    fill: options.fill ?? ((text) => text),
    commands: new Map(
      (options.commands ?? []).map((command, item) => [command.token, { item, script: command.script }]),
    ),
    shownAs: options.shownAs ?? new Map(),
  };
  const tokens = typeof markdown === 'string' ? parseMarkdown(markdown).tokens : markdown;
  return blocks(tokens, context, [], []);
}

/** Renders block tokens with a blank line between them; `first` prefixes the very first line. */
function blocks(tokens: readonly Token[], context: Context, first: Span[], rest: Span[], tight = false): DocLine[] {
  const lines: DocLine[] = [];
  for (const token of tokens) {
    const rendered = block(token, context, lines.length === 0 ? first : rest, rest);
    if (rendered.length === 0) continue;
    // Inside a tight list item, a nested list follows the item's text without a blank line.
    if (lines.length > 0 && !tight) lines.push({ spans: mergeSpans(rest) });
    lines.push(...rendered);
  }
  return lines;
}

function block(token: Token, context: Context, first: Span[], rest: Span[]): DocLine[] {
  const { width } = context;
  switch (token.type) {
    case 'space':
      return [];
    case 'heading': {
      const heading = token as Tokens.Heading;
      const style: SpanStyle = heading.depth <= 2 ? { bold: true, underline: true } : { bold: true };
      return wrapSpans(inline(heading.tokens, style, context), width, first, rest);
    }
    case 'paragraph':
      return wrapSpans(inline((token as Tokens.Paragraph).tokens, {}, context), width, first, rest);
    case 'text': {
      const text = token as Tokens.Text;
      return wrapSpans(
        text.tokens ? inline(text.tokens, {}, context) : [{ text: context.fill(text.text) }],
        width,
        first,
        rest,
      );
    }
    case 'code':
      return code(token as Tokens.Code, context, first, rest);
    case 'list':
      return list(token as Tokens.List, context, first, rest);
    case 'blockquote': {
      const bar: Span = { text: '│ ', dim: true };
      return blocks((token as Tokens.Blockquote).tokens, context, [...first, bar], [...rest, bar]);
    }
    case 'hr':
      return [
        { spans: mergeSpans([...first, { text: '─'.repeat(Math.max(1, width - spansWidth(first))), dim: true }]) },
      ];
    case 'table':
      return table(token as Tokens.Table, context, first, rest);
    case 'html':
      return wrapSpans([{ text: context.fill((token as Tokens.HTML).text.trim()), dim: true }], width, first, rest);
    default:
      return 'text' in token && typeof token.text === 'string'
        ? wrapSpans([{ text: context.fill(token.text) }], width, first, rest)
        : [];
  }
}

function inline(tokens: readonly Token[] | undefined, style: SpanStyle, context: Context): Span[] {
  const spans: Span[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        spans.push(...inline((token as Tokens.Strong).tokens, { ...style, bold: true }, context));
        break;
      case 'em':
        spans.push(...inline((token as Tokens.Em).tokens, { ...style, italic: true }, context));
        break;
      case 'del':
        spans.push(...inline((token as Tokens.Del).tokens, { ...style, strikethrough: true }, context));
        break;
      case 'codespan': {
        const text = context.fill((token as Tokens.Codespan).text);
        spans.push(context.color ? { ...style, text, color: 'cyan' } : { ...style, text: `\`${text}\`` });
        break;
      }
      case 'link': {
        const link = token as Tokens.Link;
        spans.push(...inline(link.tokens, { ...style, underline: true }, context));
        const href = context.fill(link.href);
        if (href !== context.fill(link.text) && !href.startsWith('#'))
          spans.push({ ...style, text: ` (${href})`, dim: true });
        break;
      }
      case 'image':
        spans.push({ ...style, text: `[image: ${context.fill((token as Tokens.Image).text)}]`, dim: true });
        break;
      case 'br':
        spans.push(BREAK);
        break;
      case 'text': {
        const text = token as Tokens.Text;
        spans.push(
          ...(text.tokens ? inline(text.tokens, style, context) : [{ ...style, text: context.fill(text.text) }]),
        );
        break;
      }
      default:
        if ('text' in token && typeof token.text === 'string') spans.push({ ...style, text: context.fill(token.text) });
    }
  }
  return spans;
}

function code(token: Tokens.Code, context: Context, first: Span[], rest: Span[]): DocLine[] {
  const lang = (token.lang ?? '').trim().split(/\s+/)[0] ?? '';
  const command = context.commands.get(token);
  const shown = context.shownAs.get(token);
  if (shown === 'hidden') return [];
  if (!command) {
    const gutter: Span = { text: '  ' };
    const note: DocLine[] =
      shown === 'provided' ? [{ spans: mergeSpans([...first, { text: 'skipped in a workshop', dim: true }]) }] : [];
    return [
      ...note,
      ...codeLines(
        highlightCode(context.fill(token.text), lang),
        context.width,
        note.length > 0 ? [...rest, gutter] : [...first, gutter],
        [...rest, gutter],
      ),
    ];
  }
  const { item } = command;
  const highlighted = highlightCode(command.script, lang);
  const number = item + 1;
  const label = lang || 'sh';
  const header: DocLine = {
    item,
    spans: mergeSpans([...first, { text: `▷ [${number}] `, color: 'cyan', bold: true }, { text: label, dim: true }]),
    selectedSpans: mergeSpans([
      ...first,
      { text: `▶ [${number}] ${label}`, inverse: true, bold: true },
      { text: '  Enter runs it', color: 'cyan' },
    ]),
  };
  const gutter: Span = { text: '│ ', color: 'cyan' };
  const selectedGutter: Span = { text: '┃ ', color: 'cyan', bold: true };
  const plain = codeLines(highlighted, context.width, [...rest, gutter], [...rest, gutter]);
  const selected = codeLines(highlighted, context.width, [...rest, selectedGutter], [...rest, selectedGutter]);
  return [header, ...plain.map((line, index) => ({ ...line, item, selectedSpans: selected[index]!.spans }))];
}

/** Code keeps its own line breaks; lines wider than the terminal are cut and continued. */
function codeLines(highlighted: Span[][], width: number, first: Span[], rest: Span[]): DocLine[] {
  const lines: DocLine[] = [];
  highlighted.forEach((spans, index) => {
    const prefix = index === 0 ? first : rest;
    const room = Math.max(1, width - spansWidth(prefix));
    let current: Span[] = [];
    let used = 0;
    for (const span of spans) {
      let text = span.text;
      while (text) {
        if (used === room) {
          lines.push({ spans: mergeSpans([...prefix, ...current]) });
          current = [];
          used = 0;
        }
        const head = hardSplit(text, room - used)[0]!;
        current.push({ ...span, text: head });
        used += spansWidth([{ text: head }]);
        text = text.slice(head.length);
      }
    }
    lines.push({ spans: mergeSpans([...prefix, ...current]) });
  });
  return lines;
}

function list(token: Tokens.List, context: Context, first: Span[], rest: Span[]): DocLine[] {
  const lines: DocLine[] = [];
  const start = typeof token.start === 'number' ? token.start : 1;
  token.items.forEach((item, index) => {
    const bullet = token.ordered ? `${start + index}. ` : '• ';
    const marker = item.task ? `${bullet}[${item.checked ? 'x' : ' '}] ` : bullet;
    const indent: Span = { text: ' '.repeat(marker.length) };
    const itemFirst = [...(index === 0 ? first : rest), { text: marker }];
    const rendered = blocks(
      item.tokens.filter((child) => child.type !== 'checkbox'),
      context,
      itemFirst,
      [...rest, indent],
      !token.loose,
    );
    if (token.loose && index > 0) lines.push({ spans: mergeSpans(rest) });
    lines.push(...(rendered.length > 0 ? rendered : [{ spans: mergeSpans(itemFirst) }]));
  });
  return lines;
}

function table(token: Tokens.Table, context: Context, first: Span[], rest: Span[]): DocLine[] {
  const cellText = (cell: Tokens.TableCell): string =>
    inline(cell.tokens, {}, context)
      .map((span) => span.text)
      .join('');
  const rows = [token.header.map(cellText), ...token.rows.map((row) => row.map(cellText))];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => spansWidth([{ text: row[column] ?? '' }]))));
  const lines: DocLine[] = [];
  rows.forEach((row, index) => {
    const text = row
      .map((cell, column) => cell.padEnd(widths[column]! + cell.length - spansWidth([{ text: cell }])))
      .join(' │ ');
    lines.push(...codeLines([[{ text, bold: index === 0 }]], context.width, lines.length === 0 ? first : rest, rest));
    if (index === 0)
      lines.push({ spans: mergeSpans([...rest, { text: widths.map((w) => '─'.repeat(w)).join('─┼─'), dim: true }]) });
  });
  return lines;
}
