import { describe, expect, it } from 'vitest';
import { parseMarkdown, splitFrontMatter } from '../../../src/core/markdown.js';
import { findVariables, renderTemplate } from '../../../src/core/template.js';
import { lineOfPath } from '../../../src/core/yamlLines.js';
import { imageTag } from '../../../src/core/images.js';

describe('front matter and command blocks', () => {
  const text = [
    '---',
    'id: a',
    'title: A',
    '---',
    'Intro',
    '',
    '```sh run',
    'kubectl get pods',
    '```',
    '',
    '```yaml',
    'kind: Pod',
    '```',
    '~~~bash run',
    'echo $i',
    '~~~',
  ].join('\n');

  it('splits front matter and knows where the body starts', () => {
    const split = splitFrontMatter(text);
    expect(split.frontMatter).toBe('id: a\ntitle: A');
    expect(split.bodyLine).toBe(5);
  });

  it('finds only blocks marked run, with their file lines', () => {
    const split = splitFrontMatter(text);
    const commands = parseMarkdown(split.body, split.bodyLine).commands;
    expect(commands.map(({ token: _token, ...block }) => block)).toEqual([
      { index: 0, lang: 'sh', code: 'kubectl get pods', line: 7 },
      { index: 1, lang: 'bash', code: 'echo $i', line: 14 },
    ]);
  });
});

describe('variables', () => {
  it('renders known names and leaves unknown ones and Go templates alone', () => {
    expect(
      renderTemplate("-n {{namespace}} {{ other }} -o go-template='{{len .metadata.labels}}'", { namespace: 'demos' }),
    ).toBe("-n demos {{ other }} -o go-template='{{len .metadata.labels}}'");
  });
  it('finds uses with their lines', () => {
    expect(findVariables('a\n{{namespace}} and {{ x }}')).toEqual([
      { name: 'namespace', line: 2 },
      { name: 'x', line: 2 },
    ]);
  });
});

describe('yaml line lookup', () => {
  const source = [
    'id: x',
    'steps:',
    '  - id: one',
    '    file: a.md',
    '  - id: two',
    '    file: b.md',
    'images:',
    '  - nginx',
  ].join('\n');
  it.each([
    [['id'], 1],
    [['steps', 1, 'file'], 6],
    [['steps', 0], 3],
    [['images', 0], 8],
    [['missing'], 1],
    [['steps', 5, 'file'], 2],
  ] as const)('%j is on line %i', (keyPath, line) => {
    expect(lineOfPath(source, keyPath)).toBe(line);
  });
});

describe('image tags', () => {
  it.each([
    ['nginx', undefined],
    ['nginx:1.27', '1.27'],
    ['localhost:5000/app', undefined],
    ['localhost:5000/app:v2', 'v2'],
    ['nginx@sha256:abc', 'sha256:abc'],
  ])('%s -> %s', (image, tag) => expect(imageTag(image)).toBe(tag));
});
