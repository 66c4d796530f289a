/**
 * The one parse of a step's markdown: which fenced blocks it has, which of them run, and the file
 * line of each, wherever marked finds them (list items, quotes, indented, tilde or longer fences).
 */
import type { Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { type FencedBlock, parseMarkdown } from '../../../src/core/markdown.js';

const fences = (markdown: string, firstLine = 1): Omit<FencedBlock, 'token'>[] =>
  parseMarkdown(markdown, firstLine).fences.map(({ token: _token, ...block }) => block);

const commands = (markdown: string, firstLine = 1) =>
  parseMarkdown(markdown, firstLine).commands.map(({ index, code, line }) => ({ index, code, line }));

describe('fenced blocks from the one markdown parse', () => {
  it('finds a runnable block in a list item indented four spaces, which a line scanner misses', () => {
    const body = ['1. First:', '', '    ```sh run', '    echo one', '    ```', '', '```sh run', 'echo two', '```'].join(
      '\n',
    );
    expect(commands(body, 10)).toEqual([
      { index: 0, code: 'echo one', line: 12 },
      { index: 1, code: 'echo two', line: 16 },
    ]);
  });

  it('finds blocks in bullet and ordered items, nested lists, and quotes, at their file lines', () => {
    const body = [
      'Intro.', // 1
      '',
      '- a bullet', // 3
      '  ```sh run',
      '  echo bullet',
      '  ```',
      '- another', // 7
      '  1. nested ordered', // 8
      '',
      '     ```sh run', // 10
      '     echo deep',
      '     ```',
      '',
      '> quoted text', // 14
      '> ```sh run',
      '> echo quoted',
      '> ```',
      '',
      '> - a list in a quote', // 19
      '>   ```sh run',
      '>   echo list in quote',
      '>   ```',
    ].join('\n');
    expect(commands(body)).toEqual([
      { index: 0, code: 'echo bullet', line: 4 },
      { index: 1, code: 'echo deep', line: 10 },
      { index: 2, code: 'echo quoted', line: 15 },
      { index: 3, code: 'echo list in quote', line: 20 },
    ]);
  });

  it('finds a fence on the bullet line and one after an empty bullet line, tabs and all', () => {
    const body = [
      '- ```sh run',
      '  echo on bullet',
      '  ```',
      '-',
      '  ```sh run',
      '  echo after empty',
      '  ```',
      '',
      '-\tx',
      '',
      '\t```sh run',
      '\techo tab',
      '\t```',
    ].join('\n');
    expect(commands(body)).toEqual([
      { index: 0, code: 'echo on bullet', line: 1 },
      { index: 1, code: 'echo after empty', line: 5 },
      { index: 2, code: 'echo tab', line: 11 },
    ]);
  });

  it('counts the lines of a quote that lazy continuation lines split', () => {
    const body = ['> a', 'lazy', '> b', '', '```sh run', 'echo after', '```'].join('\n');
    expect(commands(body)).toEqual([{ index: 0, code: 'echo after', line: 5 }]);
  });

  it('takes fences indented up to three spaces, without their indentation, and not four (indented code)', () => {
    const body = [
      '   ```sh run',
      '   echo three',
      '     echo five',
      '   ```',
      '',
      '    ```sh run',
      '    echo four',
      '    ```',
    ].join('\n');
    expect(fences(body)).toEqual([
      { lang: 'sh', info: ['sh', 'run'], code: 'echo three\n  echo five', line: 1, fence: '```', closed: true },
    ]);
  });

  it('takes tilde fences and longer fences, which may hold shorter ones', () => {
    const body = [
      '~~~bash run', // 1
      'echo tilde ```',
      '~~~',
      '````sh run', // 4
      '```',
      'echo inner',
      '```',
      '````',
      '~~~~~ sh run', // 9
      '~~~',
      '~~~~~~',
    ].join('\n');
    expect(fences(body)).toEqual([
      { lang: 'bash', info: ['bash', 'run'], code: 'echo tilde ```', line: 1, fence: '~~~', closed: true },
      { lang: 'sh', info: ['sh', 'run'], code: '```\necho inner\n```', line: 4, fence: '````', closed: true },
      { lang: 'sh', info: ['sh', 'run'], code: '~~~', line: 9, fence: '~~~~~', closed: true },
    ]);
  });

  it.each([
    ['sh run', true],
    ['  sh   run  ', true],
    ['sh run title="x"', true],
    ['bash title=x run', true],
    ['sh', false],
    ['run', false],
    ['sh,run', false],
    ['sh RUN', false],
    ['sh running', false],
    ['', false],
  ])('info string %j is runnable: %s', (info, runnable) => {
    const parsed = parseMarkdown(`\`\`\`${info}\necho x\n\`\`\``);
    expect(parsed.fences).toHaveLength(1);
    expect(parsed.commands.length === 1).toBe(runnable);
  });

  it('reads a backtick fence whose info string holds a backtick as text, as CommonMark does', () => {
    expect(fences('``` sh `run`\necho x\n```')).toEqual([]);
    expect(fences('~~~sh `run`\necho x\n~~~')).toMatchObject([{ info: ['sh', '`run`'], code: 'echo x' }]);
  });

  it('knows a block left open at the end of the text or of its list item', () => {
    expect(fences('```sh run\necho x')).toEqual([
      { lang: 'sh', info: ['sh', 'run'], code: 'echo x', line: 1, fence: '```', closed: false },
    ]);
    expect(fences('```sh run')).toMatchObject([{ code: '', line: 1, closed: false }]);
    expect(fences('- item\n\n  ```sh run\n  echo x\n- next\n\n```yaml\na: 1\n```')).toEqual([
      { lang: 'sh', info: ['sh', 'run'], code: 'echo x', line: 3, fence: '```', closed: false },
      { lang: 'yaml', info: ['yaml'], code: 'a: 1', line: 7, fence: '```', closed: true },
    ]);
    expect(fences('```sh run\n```')).toMatchObject([{ code: '', closed: true }]);
    expect(fences('```sh\necho\n```` \n')).toMatchObject([{ closed: true }]);
    expect(fences('~~~~sh run\necho\n~~~\n')).toMatchObject([{ fence: '~~~~', code: 'echo\n~~~', closed: false }]);
  });

  it('puts every block on the line of its opening fence, however it is nested', () => {
    const body = [
      '# Title',
      '',
      'Para',
      'graph with `code`.',
      '',
      '* one',
      '',
      '  > quote in item',
      '  > ```sh run',
      '  > echo a',
      '  > ```',
      '',
      '  ~~~yaml',
      '  k: v',
      '  ~~~',
      '* [ ] a task',
      '  ```sh run',
      '  echo b',
      '  ```',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '```sh run',
      'echo c',
      '```',
    ].join('\r\n');
    const lines = body.split('\r\n');
    const found = fences(body, 1);
    expect(found.map((block) => block.code)).toEqual(['echo a', 'k: v', 'echo b', 'echo c']);
    for (const block of found) expect(lines[block.line - 1]).toMatch(/(```|~~~)(sh run|yaml)$/);
    expect(found.map((block) => block.line)).toEqual([9, 13, 17, 25]);
  });

  it('gives the tokens the guide renders, with each command holding its own token', () => {
    const parsed = parseMarkdown('- x\n  ```sh run\n  echo x\n  ```');
    const list = parsed.tokens[0] as Tokens.List;
    expect(list.type).toBe('list');
    expect(list.items[0]?.tokens[1]).toBe(parsed.commands[0]?.token);
  });
});
