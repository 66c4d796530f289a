/**
 * Splits a step file into YAML front matter and markdown, and parses the markdown once with
 * marked's lexer. That one parse gives the guide the tokens it renders and gives the runner and
 * `labs validate` the fenced blocks, so the block the guide numbers [n] is the block Enter runs.
 */
import { createRequire } from 'node:module';
import type * as Marked from 'marked';
import type { Token, Tokens } from 'marked';

// marked builds its rules when its module is evaluated (about 10 ms); commands that read only the
// front matter (`labs list`, `labs check`) never need it, so it is loaded on the first parse, from
// the installed package, instead of bundled into the start-up path.
let markedLexer: typeof Marked.Lexer | undefined;
const lexer = (): typeof Marked.Lexer =>
  (markedLexer ??= (createRequire(import.meta.url)('marked') as typeof Marked).Lexer);

export interface SplitStep {
  /** Front matter text, without the `---` fences; undefined when the file has none. */
  frontMatter: string | undefined;
  /** Line (1-based) of the first front matter line. */
  frontMatterLine: number;
  body: string;
  /** Line (1-based) of the first body line in the file. */
  bodyLine: number;
}

export function splitFrontMatter(text: string): SplitStep {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---')
    return { frontMatter: undefined, frontMatterLine: 1, body: lines.join('\n'), bodyLine: 1 };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) return { frontMatter: undefined, frontMatterLine: 2, body: lines.join('\n'), bodyLine: 1 };
  return {
    frontMatter: lines.slice(1, end).join('\n'),
    frontMatterLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}

/** The fence info word that makes a code block runnable: ```` ```sh run ````. */
const RUN_MARKER = 'run';

/**
 * Where a runnable block applies: `workshop=skip` blocks are not run in a workshop (the instructor
 * made what they make, such as the lab's namespace), `workshop=only` blocks are run only there.
 */
export type WorkshopRule = 'skip' | 'only';
const WORKSHOP_WORD = /^workshop=(.*)$/;

export interface FencedBlock {
  /** Language from the info string, e.g. `sh`; empty when there is none. */
  lang: string;
  /** The info string's words: the language, then words such as `run`. */
  info: string[];
  /** The code, as written (variables not yet rendered), without the indentation of its fence. */
  code: string;
  /** Line (1-based, in the step file) of the opening fence. */
  line: number;
  /** The opening fence: three or more backticks or tildes. */
  fence: string;
  /** False when no closing fence ends the block before its container (document, list item, quote) does. */
  closed: boolean;
  /** The token the guide renders for this block. */
  token: Tokens.Code;
}

export interface CommandBlock {
  /** Position among the step's runnable blocks, from 0: the guide shows it as [index + 1]. */
  index: number;
  /** Language from the info string, e.g. `sh`. */
  lang: string;
  /** The command text, as written (variables not yet rendered). */
  code: string;
  /** Line (1-based, in the step file) of the opening fence. */
  line: number;
  /** The token the guide renders for this block. */
  token: Tokens.Code;
  /** `workshop=skip` or `workshop=only` in the info string; absent for a block that runs everywhere. */
  workshop?: WorkshopRule;
  /** A `workshop=` word whose value is neither, as written, for `labs validate`. */
  badWorkshopWord?: string;
}

export interface ParsedMarkdown {
  /** marked's tokens: what the guide renders. */
  tokens: Token[];
  /** Every fenced code block, in document order, at any depth (list items, block quotes). */
  fences: FencedBlock[];
  /** The fenced blocks whose info string holds `run`, numbered in document order. */
  commands: CommandBlock[];
}

/** Parses markdown whose first line is line `firstLine` of its file. */
export function parseMarkdown(markdown: string, firstLine = 1): ParsedMarkdown {
  // marked reads `\r` as a line break too; normalising first keeps the lines counted here its lines.
  const source = markdown.replace(/\r\n?/g, '\n');
  const tokens = new (lexer())().lex(source);
  const fences: FencedBlock[] = [];
  visitCode(tokens, source, firstLine, (token, line) => {
    if (token.codeBlockStyle === 'indented') return;
    const info = (token.lang ?? '').trim().split(/\s+/).filter(Boolean);
    const lines = token.raw.replace(/\n$/, '').split('\n');
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(lines[0]!)?.[1] ?? '```';
    fences.push({ lang: info[0] ?? '', info, code: token.text, line, fence, closed: isClosed(lines, fence), token });
  });
  const commands = fences
    .filter((block) => block.info.slice(1).includes(RUN_MARKER))
    .map((block, index) => ({
      index,
      lang: block.lang,
      code: block.code,
      line: block.line,
      token: block.token,
      ...workshopRule(block.info),
    }));
  return { tokens, fences, commands };
}

function workshopRule(info: readonly string[]): Pick<CommandBlock, 'workshop' | 'badWorkshopWord'> {
  const word = info.slice(1).find((entry) => WORKSHOP_WORD.test(entry));
  if (word === undefined) return {};
  const value = WORKSHOP_WORD.exec(word)![1];
  return value === 'skip' || value === 'only' ? { workshop: value } : { badWorkshopWord: word };
}

/**
 * Calls `visit` with every code token and the file line it starts on. marked keeps no positions,
 * but each token's `raw` is a run of whole lines of the text its container was lexed from, and a
 * list item's or quote's `text` has the same lines as its source with the markers taken off.
 */
function visitCode(
  tokens: readonly Token[],
  text: string,
  firstLine: number,
  visit: (token: Tokens.Code, line: number) => void,
): void {
  let cursor = 0;
  let line = firstLine;
  for (const token of tokens) {
    const at = lineStartIndexOf(text, token.raw, cursor);
    if (at >= 0) {
      line += count(text, '\n', cursor, at);
      cursor = at;
    }
    switch (token.type) {
      case 'code':
        visit(token as Tokens.Code, line);
        break;
      case 'blockquote':
        visitCode((token as Tokens.Blockquote).tokens, (token as Tokens.Blockquote).text, line, visit);
        break;
      case 'list': {
        const list = token as Tokens.List;
        visitCode(list.items, list.raw, line, visit);
        break;
      }
      case 'list_item': {
        const item = token as Tokens.ListItem;
        visitCode(item.tokens, item.text, line, visit);
        break;
      }
    }
    if (at >= 0) {
      line += count(text, '\n', at, at + token.raw.length);
      cursor = at + token.raw.length;
    }
  }
}

/** Where `needle` next occurs at the start of a line of `text`, from `from`; -1 if nowhere. */
function lineStartIndexOf(text: string, needle: string, from: number): number {
  if (needle === '') return -1;
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1))
    if (at === 0 || text[at - 1] === '\n') return at;
  return -1;
}

function count(text: string, char: string, from: number, to: number): number {
  let found = 0;
  for (let at = text.indexOf(char, from); at >= 0 && at < to; at = text.indexOf(char, at + 1)) found++;
  return found;
}

/** Closed, as marked's fence rule has it: the last line is the opening fence, maybe longer. */
const isClosed = (lines: readonly string[], fence: string): boolean =>
  lines.length > 1 && new RegExp(`^ {0,3}${fence}[~\`]* *$`).test(lines.at(-1)!);
