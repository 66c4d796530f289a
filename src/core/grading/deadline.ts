/** Running a checker under its own time limit, so one that never returns cannot hang a run. */
import { setMaxListeners } from 'node:events';

/** Default time a check or question may take, waiting included. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${formatSeconds(timeoutMs)}`);
  }
}

/** 10000 -> "10 s", 1500 -> "1.5 s", 250 -> "0.25 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))} s`;
}

/**
 * Runs `work` with a signal that aborts when `timeoutMs` has passed or `parent` aborts. Settles
 * with a CheckTimeoutError at the deadline even if `work` ignores the signal and never settles.
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  // A check may run many requests at once on this signal (a traffic check sends six), each
  // listening for the abort: that is expected, not a leak.
  setMaxListeners(0, controller.signal);
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new CheckTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    if (controller.signal.aborted) reject(controller.signal.reason);
  });
  try {
    // The async wrapper turns a synchronous throw in `work` into a rejection.
    return await Promise.race([(async () => work(controller.signal))(), timedOut, aborted]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
