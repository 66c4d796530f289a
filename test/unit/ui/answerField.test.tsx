import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { GradeOptions } from '../../../src/core/grading/types.js';
import { check, fakeCluster, fakeGrader, KEYS, renderLab, stepReport } from './fakes.js';

afterEach(() => cleanup());

/** Opens the answer field of step 2's question; returns what the grader was asked. */
async function openAnswer() {
  const asked: string[] = [];
  const grader = fakeGrader((stepId, options: GradeOptions) => {
    if (options.only) asked.push(options.answers['service-port'] ?? '');
    return stepReport(stepId, [
      { ...check('service-port', options.answers['service-port'] === '80' ? 'pass' : 'fail'), kind: 'question' },
    ]);
  });
  const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader }) } });
  await app.waitFor('● kind-k8s-labs');
  await app.press('n');
  await app.waitFor('not answered yet');
  await app.press(KEYS.tab, KEYS.tab, KEYS.enter);
  await app.waitFor('answer: type your answer');
  return { app, asked };
}

describe('the answer field', () => {
  it('starts empty after a wrong answer, so typing never appends to it', async () => {
    const { app, asked } = await openAnswer();
    await app.press('8', '1', KEYS.enter);
    await app.waitFor('your answer: 81  ✗ not right yet');
    await app.press(KEYS.enter);
    await app.waitFor('answer: type your answer');
    await app.press('8', '0', KEYS.enter);
    await app.waitFor('your answer: 80  ✓ correct');
    expect(asked).toEqual(['81', '80']);
  });

  it('Ctrl-U clears what is typed instead of inserting a u', async () => {
    const { app, asked } = await openAnswer();
    await app.press('9', '9', '\x15');
    await app.waitFor('answer: type your answer');
    await app.press('8', '0', KEYS.enter);
    await app.waitFor('your answer: 80');
    expect(asked).toEqual(['80']);
  });

  it('keeps every Backspace typed faster than a frame: what is shown is what is sent', async () => {
    const { app, asked } = await openAnswer();
    // One chunk, as a terminal delivers keys typed while the app was busy.
    app.stdin.write(`10.96.0.1 None None ${'\x7f'.repeat(20)}80`);
    await app.waitFor('answer: 80');
    expect(app.text()).not.toContain('None');
    // And single keys written back to back, without waiting for a frame in between.
    for (let i = 0; i < 2; i++) app.stdin.write('\x7f');
    app.stdin.write('80');
    await app.waitFor('answer: 80');
    app.stdin.write('\r');
    await app.waitFor('your answer: 80  ✓ correct');
    expect(asked).toEqual(['80']);
  });
});
