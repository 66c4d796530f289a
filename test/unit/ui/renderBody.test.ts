import { describe, expect, it } from 'vitest';
import { renderBody } from '../../../src/ui/stepDocument.js';

const vars = { ns: "a b'c" };

describe('step body variables', () => {
  it('quotes values in command blocks as they run, and leaves prose and other code as written', () => {
    const body = [
      'Work in {{ns}}.',
      '',
      '```sh run',
      'kubectl get pods -n {{ns}}',
      'echo {{ns}}',
      '```',
      '```yaml',
      'namespace: {{ns}}',
      '```',
      '```sh run',
      'echo {{ns}}',
      '```',
      'Done in {{ns}}.',
    ].join('\n');
    expect(renderBody(body, vars).split('\n')).toEqual([
      "Work in a b'c.",
      '',
      '```sh run',
      "kubectl get pods -n 'a b'\\''c'",
      "echo 'a b'\\''c'",
      '```',
      '```yaml',
      "namespace: a b'c",
      '```',
      '```sh run',
      "echo 'a b'\\''c'",
      '```',
      "Done in a b'c.",
    ]);
  });

  it('keeps the line count with an empty block and an unclosed one', () => {
    const body = ['```sh run', '```', 'x {{ns}}', '```sh run', 'echo {{ns}}'].join('\n');
    expect(renderBody(body, vars).split('\n')).toEqual([
      '```sh run',
      '```',
      "x a b'c",
      '```sh run',
      "echo 'a b'\\''c'",
    ]);
  });
});
