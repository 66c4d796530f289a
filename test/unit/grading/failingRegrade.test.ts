import { describe, expect, it } from 'vitest';
import { startFailingRegrade, type Timers } from '../../../src/core/grading/failingRegrade.js';

/** Timers the test advances by hand: `fire()` runs the one pending callback. */
function manualTimers() {
  const pending: { callback: () => void; ms: number; id: number }[] = [];
  let next = 0;
  const timers: Timers = {
    set(callback, ms) {
      pending.push({ callback, ms, id: ++next });
      return next;
    },
    clear(handle) {
      const index = pending.findIndex((entry) => entry.id === handle);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  return {
    timers,
    pendingDelays: () => pending.map((entry) => entry.ms),
    fire() {
      const entry = pending.shift();
      if (!entry) throw new Error('no timer pending');
      entry.callback();
    },
  };
}

describe('re-grading a failing step on a timer', () => {
  it('re-grades after each delay in turn, the last one repeating, for as long as it runs', () => {
    const clock = manualTimers();
    let regrades = 0;
    const timer = startFailingRegrade(() => (regrades += 1), [5000, 7500, 10_000], clock.timers);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(...clock.pendingDelays());
      clock.fire();
    }
    expect(delays).toEqual([5000, 7500, 10_000, 10_000, 10_000, 10_000]);
    expect(regrades).toBe(6);
    expect(clock.pendingDelays()).toEqual([10_000]);
    timer.stop();
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('never re-grades once stopped, even when a callback was already due', () => {
    const clock = manualTimers();
    let regrades = 0;
    let due: (() => void) | undefined;
    const timers: Timers = { set: (callback) => (due = callback), clear: () => undefined };
    const timer = startFailingRegrade(() => (regrades += 1), [5000], timers);
    timer.stop();
    due?.();
    expect(regrades).toBe(0);
    expect(clock.pendingDelays()).toEqual([]);
  });
});
