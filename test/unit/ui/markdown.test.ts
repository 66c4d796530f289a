import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../src/core/markdown.js';
import { highlightCode } from '../../../src/ui/markdown/highlight.js';
import { renderMarkdown } from '../../../src/ui/markdown/renderMarkdown.js';
import { type DocLine, lineText } from '../../../src/ui/markdown/types.js';
import { wrapSpans } from '../../../src/ui/markdown/wrap.js';

const text = (lines: DocLine[]): string[] => lines.map((line) => lineText(line.spans));

describe('markdown for the terminal', () => {
  it('renders headings, emphasis, lists and inline code with their styles', () => {
    const lines = renderMarkdown(
      '# Title\n\nSome **bold** and *em* and `kubectl get svc`.\n\n- one\n  - nested\n- two\n\n3. three\n4. four',
      { width: 80, color: true },
    );
    expect(text(lines)).toEqual([
      'Title',
      '',
      'Some bold and em and kubectl get svc.',
      '',
      '• one',
      '  • nested',
      '• two',
      '',
      '3. three',
      '4. four',
    ]);
    expect(lines[0]?.spans[0]).toMatchObject({ text: 'Title', bold: true, underline: true });
    expect(lines[2]?.spans).toContainEqual({ text: 'bold', bold: true });
    expect(lines[2]?.spans).toContainEqual({ text: 'em', italic: true });
    expect(lines[2]?.spans).toContainEqual({ text: 'kubectl get svc', color: 'cyan' });
  });

  it('keeps backticks around inline code without colour', () => {
    expect(text(renderMarkdown('Run `labs check`.', { width: 80, color: false }))).toEqual(['Run `labs check`.']);
  });

  it('wraps at the width with hanging indents and never splits a word that fits', () => {
    const lines = text(
      renderMarkdown('- a list item long enough to wrap onto a second line here', { width: 30, color: true }),
    );
    expect(lines).toEqual(['• a list item long enough to', '  wrap onto a second line here']);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(30);
  });

  it('numbers runnable blocks as selectable items, with a selected look', () => {
    const parsed = parseMarkdown('```sh run\necho one\n```\n\n```yaml\nkind: Pod\n```\n\n```bash run\necho two\n```');
    const commands = parsed.commands.map((command) => ({ token: command.token, script: command.code }));
    const lines = renderMarkdown(parsed.tokens, { width: 80, color: true, commands });
    expect(text(lines)).toEqual(['▷ [1] sh', '│ echo one', '', '  kind: Pod', '', '▷ [2] bash', '│ echo two']);
    expect(lines.map((line) => line.item)).toEqual([0, 0, undefined, undefined, undefined, 1, 1]);
    expect(lineText(lines[0]!.selectedSpans!)).toBe('▶ [1] sh  Enter runs it');
    expect(lineText(lines[1]!.selectedSpans!)).toBe('┃ echo one');
  });

  it('renders runnable blocks as plain code unless they are given as commands (hints, solutions)', () => {
    expect(text(renderMarkdown('```sh run\necho one\n```', { width: 80, color: true }))).toEqual(['  echo one']);
  });

  it('cuts code lines wider than the terminal and continues them', () => {
    const lines = text(renderMarkdown('```sh\n0123456789abcdefghij\n```', { width: 12, color: true }));
    expect(lines).toEqual(['  0123456789', '  abcdefghij']);
  });

  it('highlights YAML and shell with a few colours, and leaves other languages plain', () => {
    const yaml = highlightCode('kind: Service # the type\nport: 80', 'yaml');
    expect(yaml[0]).toContainEqual({ text: 'kind:', color: 'cyan' });
    expect(yaml[0]).toContainEqual({ text: '# the type', color: 'gray' });
    expect(yaml[1]).toContainEqual({ text: '80', color: 'magenta' });
    const shell = highlightCode('echo "a & b" # note', 'sh');
    expect(shell[0]?.map((span) => span.text).join('')).toBe('echo "a & b" # note');
    expect(shell[0]).toContainEqual({ text: '"a & b"', color: 'green' });
    expect(highlightCode('x <y>', 'text')).toEqual([[{ text: 'x <y>' }]]);
  });

  it('renders quotes, rules and tables legibly', () => {
    const lines = text(
      renderMarkdown('> quoted\n\n---\n\n| a | bb |\n|---|---|\n| 1 | 2 |', { width: 10, color: true }),
    );
    expect(lines).toEqual(['│ quoted', '', '──────────', '', 'a │ bb', '──┼───', '1 │ 2 ']);
  });

  it('cuts words wider than the line', () => {
    expect(text(wrapSpans([{ text: 'abcdefghijkl mn' }], 5))).toEqual(['abcde', 'fghij', 'kl mn']);
  });
});
