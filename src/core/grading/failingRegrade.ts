/**
 * Auto-check's timer for a failing step. The API watch re-grades on object changes, but some
 * checks fail at first and pass seconds later with no object changing (DNS that has not
 * propagated, an endpoint that is not ready yet): while auto-check is on and the step fails, it is
 * also re-graded on a timer that backs off (5 s, then 7.5 s, then every 10 s). Pure over injected
 * timers, so the lifetime is tested without waiting.
 */

export const FAILING_REGRADE_DELAYS_MS: readonly number[] = [5000, 7500, 10_000];

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface FailingRegrade {
  /** Stops the timer: the step passed, auto-check went off, the step changed. */
  stop(): void;
}

/**
 * Calls `regrade` after each delay in turn (the last one repeats) until stopped. `regrade`
 * returning false (nothing to re-grade yet) still keeps the timer going.
 */
export function startFailingRegrade(
  regrade: () => void,
  delays: readonly number[] = FAILING_REGRADE_DELAYS_MS,
  timers: Timers = realTimers,
): FailingRegrade {
  let attempt = 0;
  let stopped = false;
  let handle: unknown;
  const arm = (): void => {
    const ms = delays[Math.min(attempt, delays.length - 1)] ?? 10_000;
    handle = timers.set(() => {
      if (stopped) return;
      attempt += 1;
      regrade();
      arm();
    }, ms);
  };
  if (delays.length > 0) arm();
  return {
    stop() {
      stopped = true;
      timers.clear(handle);
    },
  };
}
