/**
 * The step body as the guide shows it: variables filled in, command blocks as they run, and the
 * block numbered [n] always the n-th of `step.commands`, the one Enter runs.
 */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src/core/lab.js';
import { stepFrom } from '../../helpers/steps.js';
import { emptyStepProgress } from '../../../src/core/progress.js';
import { lineText } from '../../../src/ui/markdown/types.js';
import { stepDocument } from '../../../src/ui/stepDocument.js';

const stepOf = (body: string): Step => stepFrom('s', body);

const render = (body: string, vars: Record<string, string> = {}) =>
  stepDocument({ step: stepOf(body), vars, width: 60, color: false, record: emptyStepProgress() }).lines;

const text = (body: string, vars: Record<string, string> = {}): string[] =>
  render(body, vars).map((line) => lineText(line.spans));

describe('step document', () => {
  const vars = { ns: "a b'c" };

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
      'Done in `{{ns}}`, see [docs](https://example.com/{{ns}}).',
    ].join('\n');
    expect(text(body, vars)).toEqual([
      "Work in a b'c.",
      '',
      '▷ [1] sh',
      "│ kubectl get pods -n 'a b'\\''c'",
      "│ echo 'a b'\\''c'",
      '',
      "  namespace: a b'c",
      '',
      '▷ [2] sh',
      "│ echo 'a b'\\''c'",
      '',
      "Done in `a b'c`, see docs (https://example.com/a b'c).",
    ]);
  });

  it('fills variables into the text after parsing, so a value never changes the markdown around it', () => {
    expect(text('Use {{name}} here.', { name: '*not emphasis* and `not code`' })).toEqual([
      'Use *not emphasis* and `not code` here.',
    ]);
    expect(text('```sh run\necho {{v}}\n```', { v: '\n```\n```sh run\necho injected' })).toEqual([
      '▷ [1] sh',
      "│ echo '",
      '│ ```',
      '│ ```sh run',
      "│ echo injected'",
    ]);
  });

  it('numbers every runnable block where it stands, in list items and quotes too, as step.commands does', () => {
    const body = [
      '1. First, in a list item indented four spaces:',
      '',
      '    ```sh run',
      '    echo nested',
      '    ```',
      '',
      '> ```sh run',
      '> echo quoted',
      '> ```',
      '',
      '```sh run',
      'echo top',
      '```',
    ].join('\n');
    const step = stepOf(body);
    expect(step.commands.map((command) => command.code)).toEqual(['echo nested', 'echo quoted', 'echo top']);
    const lines = render(body);
    expect(lines.map((line) => lineText(line.spans))).toEqual([
      '1. First, in a list item indented four spaces:',
      '   ',
      '   ▷ [1] sh',
      '   │ echo nested',
      '',
      '│ ▷ [2] sh',
      '│ │ echo quoted',
      '',
      '▷ [3] sh',
      '│ echo top',
    ]);
    // The selectable item of each code line is the index of the command whose code it shows.
    for (const line of lines) {
      if (line.item === undefined || lineText(line.spans).includes('[')) continue;
      expect(lineText(line.spans)).toContain(step.commands[line.item]!.code);
    }
  });
});
