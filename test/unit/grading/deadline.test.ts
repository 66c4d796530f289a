import { describe, expect, it } from 'vitest';
import { CheckTimeoutError, formatSeconds, withDeadline } from '../../../src/core/grading/deadline.js';

describe('withDeadline', () => {
  it('returns the result of work that finishes in time', async () => {
    await expect(withDeadline(async () => 42, 1000)).resolves.toBe(42);
  });

  it('settles at the deadline even when work ignores its signal', async () => {
    const started = Date.now();
    await expect(withDeadline(() => new Promise(() => {}), 40)).rejects.toBeInstanceOf(CheckTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('turns a synchronous throw into a rejection', async () => {
    await expect(
      withDeadline(() => {
        throw new Error('boom');
      }, 1000),
    ).rejects.toThrow('boom');
  });

  it('stops when the parent signal aborts', async () => {
    const parent = new AbortController();
    const pending = withDeadline(
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('saw abort')))),
      5000,
      parent.signal,
    );
    parent.abort(new Error('interrupted'));
    await expect(pending).rejects.toThrow(/interrupted|saw abort/);
  });

  it('formats durations for people', () => {
    expect(formatSeconds(10_000)).toBe('10 s');
    expect(formatSeconds(1500)).toBe('1.5 s');
    expect(formatSeconds(250)).toBe('0.25 s');
  });
});
