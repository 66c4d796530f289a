import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { isUserError } from '../../../src/errors.js';
import { assertCanConfirm, confirm } from '../../../src/cli/confirm.js';

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
      expect(
        await confirm('Apply it?', { yes: false, interactive: true, input: term.input, output: term.output }),
      ).toBe(true);
      expect(term.shown()).toBe('Apply it? [y/N] ');
    }
  });

  it('stops on anything else, including an empty line or a closed input', async () => {
    for (const answer of ['', 'n', 'nope', undefined]) {
      const term = terminal(answer);
      expect(
        await confirm('Apply it?', { yes: false, interactive: true, input: term.input, output: term.output }),
      ).toBe(false);
    }
  });

  it('answers no at once when the signal is aborted at the prompt (first Ctrl-C), and lets go of the input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const controller = new AbortController();
    const answer = confirm('Apply it?', { yes: false, interactive: true, input, output, signal: controller.signal });
    await vi.waitFor(() => expect(shown).toBe('Apply it? [y/N] '));
    expect(input.listenerCount('data')).toBeGreaterThan(0);
    controller.abort();
    // Nothing is typed and the input stays open: only the abort can end the question.
    await expect(answer).resolves.toBe(false);
    expect(input.listenerCount('data')).toBe(0);
    expect(shown).toBe('Apply it? [y/N] \n');
  });

  it('does not ask when the signal is already aborted', async () => {
    const term = terminal('y');
    const controller = new AbortController();
    controller.abort();
    expect(
      await confirm('Apply it?', {
        yes: false,
        interactive: true,
        input: term.input,
        output: term.output,
        signal: controller.signal,
      }),
    ).toBe(false);
    expect(term.shown()).toBe('');
  });

  it('does not ask with --yes', async () => {
    const term = terminal(undefined);
    expect(await confirm('Apply it?', { yes: true, interactive: false, input: term.input, output: term.output })).toBe(
      true,
    );
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
