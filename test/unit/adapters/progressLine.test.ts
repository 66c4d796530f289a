/** The progress line of `labs cluster up` / `labs prepare`: redrawn in place on a terminal, one line per step when piped. */
import stripAnsi from 'strip-ansi';
import { describe, expect, test } from 'vitest';
import { createOutput } from '../../../src/cli/output.js';
import { createProgressLine } from '../../../src/cli/progressLine.js';

const stream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
};

describe('createProgressLine', () => {
  test('on a terminal: the running step is redrawn in place with its time, finished steps stay', async () => {
    const err = stream(true);
    const out = createOutput({ write: () => true, isTTY: true }, err, { FORCE_COLOR: '1' }, false);
    const progress = createProgressLine(out, err);
    progress.running('Starting control-plane');
    await expect.poll(() => err.writes.length, { timeout: 1000 }).toBeGreaterThan(2);
    progress.finished('✓ Starting control-plane 3.1s');
    progress.stop();
    const text = stripAnsi(err.writes.join(''));
    expect(text).toMatch(/^\r⠙ Starting control-plane 0\.\ds/);
    expect(err.writes.every((write) => write.startsWith('\r') || write.endsWith('\n'))).toBe(true);
    expect(text).toContain('\r✓ Starting control-plane 3.1s\n');
    expect(text.endsWith('\r')).toBe(true);
    const count = err.writes.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(err.writes.length).toBe(count);
  });

  test('piped: nothing but the finished lines, no control characters', () => {
    const err = stream(false);
    const out = createOutput({ write: () => true }, err, {}, false);
    const progress = createProgressLine(out, err);
    progress.running('Preparing nodes');
    progress.finished('ok   Preparing nodes 2.0s');
    progress.stop();
    expect(err.writes).toEqual(['ok   Preparing nodes 2.0s\n']);
  });
});
