import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/errors.js';
import { assertCanConfirm, confirm } from '../../../src/adapters/solutions/confirm.js';

function terminal(answer: string | undefined) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  if (answer === undefined) input.end();
  else input.write(`${answer}\n`);
  return { input, output, shown: () => shown };
}

describe('confirm', () => {
  it('asks once and goes ahead on y or yes', async () => {
    for (const answer of ['y', 'Y', 'yes', ' yes ']) {
      const term = terminal(answer);
      expect(await confirm('Apply it?', { yes: false, interactive: true, input: term.input, output: term.output })).toBe(true);
      expect(term.shown()).toBe('Apply it? [y/N] ');
    }
  });

  it('stops on anything else, including an empty line or a closed input', async () => {
    for (const answer of ['', 'n', 'nope', undefined]) {
      const term = terminal(answer);
      expect(await confirm('Apply it?', { yes: false, interactive: true, input: term.input, output: term.output })).toBe(false);
    }
  });

  it('does not ask with --yes', async () => {
    const term = terminal(undefined);
    expect(await confirm('Apply it?', { yes: true, interactive: false, input: term.input, output: term.output })).toBe(true);
    expect(term.shown()).toBe('');
  });

  it('refuses without a terminal and without --yes, saying to pass --yes', () => {
    let error: unknown;
    try {
      assertCanConfirm({ yes: false, interactive: false }, 'reset lab "x"');
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error) && error.kind).toBe('input');
    expect((error as Error).message).toBe('not changing the cluster without a confirmation: reset lab "x"');
    expect((error as { nextStep: string }).nextStep).toBe('pass --yes to go ahead without being asked');
    expect(() => assertCanConfirm({ yes: true, interactive: false }, 'x')).not.toThrow();
  });
});
