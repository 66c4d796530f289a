/** Splits a step file into YAML front matter and markdown, and finds its runnable command blocks. */

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
export const RUN_MARKER = 'run';

export interface CommandBlock {
  /** Position among the step's runnable blocks, from 0. */
  index: number;
  /** Language from the info string, e.g. `sh`. */
  lang: string;
  /** The command text, as written (variables not yet rendered). */
  code: string;
  /** Line (1-based, in the step file) of the opening fence. */
  line: number;
}

export interface FencedBlock {
  lang: string;
  info: string[];
  code: string;
  line: number;
  closed: boolean;
}

export function findFencedBlocks(body: string, bodyLine = 1): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = body.split('\n');
  let open: { fence: string; info: string[]; line: number; code: string[] } | undefined;
  lines.forEach((line, index) => {
    if (!open) {
      const match = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(line);
      if (match)
        open = {
          fence: match[1]!,
          info: match[2]!.trim().split(/\s+/).filter(Boolean),
          line: bodyLine + index,
          code: [],
        };
      return;
    }
    if (line.trim().startsWith(open.fence[0]!.repeat(open.fence.length)) && line.trim().replace(/[`~]/g, '') === '') {
      blocks.push({
        lang: open.info[0] ?? '',
        info: open.info,
        code: open.code.join('\n'),
        line: open.line,
        closed: true,
      });
      open = undefined;
      return;
    }
    open.code.push(line);
  });
  if (open)
    blocks.push({
      lang: open.info[0] ?? '',
      info: open.info,
      code: open.code.join('\n'),
      line: open.line,
      closed: false,
    });
  return blocks;
}

export function findCommandBlocks(body: string, bodyLine = 1): CommandBlock[] {
  return findFencedBlocks(body, bodyLine)
    .filter((block) => block.info.slice(1).includes(RUN_MARKER))
    .map((block, index) => ({ index, lang: block.lang, code: block.code, line: block.line }));
}
