import { describe, expect, it } from 'vitest';
import { inParallel } from '../../../src/app/inParallel.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inParallel', () => {
  it('runs up to the limit at once and relays events in the order of the items', async () => {
    let running = 0;
    let most = 0;
    const events: string[] = [];
    const names: string[] = ['slow', 'fast', 'mid'];
    const results = await inParallel(
      names,
      2,
      async (name, emit) => {
        running++;
        most = Math.max(most, running);
        emit(`${name} start`);
        await later(name === 'slow' ? 40 : name === 'mid' ? 20 : 5);
        emit(`${name} end`);
        running--;
        return name.length;
      },
      (event: string) => events.push(event),
    );
    expect(results).toEqual([4, 4, 3]);
    expect(most).toBe(2);
    expect(events).toEqual(['slow start', 'slow end', 'fast start', 'fast end', 'mid start', 'mid end']);
  });

  it('one at a time with a limit of 1', async () => {
    const order: string[] = [];
    await inParallel(
      [1, 2, 3],
      1,
      async (n) => {
        order.push(`start ${n}`);
        await later(3);
        order.push(`end ${n}`);
      },
      () => undefined,
    );
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('after a failure starts nothing new, and rejects only once the running tasks have ended', async () => {
    const order: string[] = [];
    const run = inParallel(
      ['fails', 'slow', 'never'],
      2,
      async (name) => {
        order.push(`start ${name}`);
        if (name === 'fails') throw new Error('interrupted');
        await later(30);
        order.push(`end ${name}`);
      },
      () => undefined,
    );
    await expect(run).rejects.toThrow('interrupted');
    expect(order).toEqual(['start fails', 'start slow', 'end slow']);
  });
});
