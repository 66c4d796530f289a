/**
 * A workshop attendee's open guide follows the instructor's reset: it moves to the reset's step
 * at once, drops what it graded before, and records what the attendee does next on the reset's
 * progress (not merged away against the progress from before the reset).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Lab } from '../../../src/core/lab.js';
import type { LabProgress } from '../../../src/core/progress.js';
import { progressAfterReset } from '../../../src/core/workshop/ledger.js';
import { renderLab, waitUntil } from './fakes.js';

afterEach(() => cleanup());

describe('an attendee’s guide during an instructor’s reset', () => {
  it('moves to the reset’s step with a notice, and keeps what the attendee does afterwards', async () => {
    let reset: ((progress: LabProgress) => void) | undefined;
    let followedLab: Lab | undefined;
    let stopped = false;
    const { app, store } = renderLab({
      followResets: async (lab, onReset, signal) => {
        followedLab = lab;
        reset = onReset;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        stopped = true;
      },
    });
    await app.waitFor('1. Set the scene');
    // A hint at step 1, before the reset: the reset forgets it.
    await app.press('h');
    await app.waitFor('Hint 1. Namespaces are created with kubectl.');
    await app.press('n');
    await app.waitFor('2. ');
    await waitUntil(() => reset !== undefined, 'the guide to follow resets');
    expect(followedLab!.id).toBe('tui-lab');
    await waitUntil(() => (store.load('tui-lab').steps['scene']?.hintsSeen.length ?? 0) === 1, 'the hint saved');

    // The instructor puts the attendee back at step 1; the follower has saved it to the file.
    const resetAt = new Date(Date.now() + 1000).toISOString();
    const adopted = progressAfterReset(
      followedLab!,
      { lab: 'tui-lab', attendee: 'alice', currentStep: 'scene', resetAt, steps: {} },
      store.load('tui-lab'),
    )!;
    store.save(adopted);
    reset!(adopted);
    const text = await app.waitFor('your instructor put you back at "Set the scene"');
    expect(text).toContain('1. Set the scene');
    expect(store.load('tui-lab').steps['scene']?.hintsSeen ?? []).toEqual([]);

    // The same hint again, after the reset: recorded, although the session saw it before.
    await app.press('h');
    await app.waitFor('Hint 1. Namespaces are created with kubectl.');
    await waitUntil(() => (store.load('tui-lab').steps['scene']?.hintsSeen.length ?? 0) === 1, 'the new hint saved');
    expect(store.load('tui-lab').resetAt).toBe(resetAt);

    await app.press('q');
    await app.press('y');
    await waitUntil(() => stopped, 'the follower to stop with the guide');
  });
});
