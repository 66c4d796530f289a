import { describe, expect, it } from 'vitest';
import type { CheckContext, CheckOutcome } from 'k8s-labs/sdk';
import { type Attempt, stuck, waitUnlessStuck } from '../../../src/sdk/checks/settle.js';
import { FakeCluster } from './fakeCluster.js';
import { fakeContext } from './fakeContext.js';

/** A context whose `eventually` retries up to `tries` times, like the real one within its time. */
function retrying(tries: number): CheckContext {
  const ctx = fakeContext(new FakeCluster(), { namespace: 'demos' });
  return {
    ...ctx,
    async eventually(attempt) {
      let last: CheckOutcome = ctx.fail('never tried');
      for (let i = 0; i < tries; i += 1) {
        last = await attempt();
        if (last.passed) return last;
      }
      return last;
    },
  };
}

describe('waitUnlessStuck', () => {
  const run = async (outcomes: Attempt[]) => {
    const ctx = retrying(5);
    let calls = 0;
    const result = await waitUnlessStuck(ctx, async () => outcomes[Math.min(calls++, outcomes.length - 1)]!);
    return { result, calls };
  };

  it.each([
    [
      'keeps waiting while the state may still change',
      [{ passed: false, message: 'starting' }],
      5,
      { passed: false, message: 'starting' },
    ],
    [
      'returns the pass as soon as it comes',
      [
        { passed: false, message: 'starting' },
        { passed: true, message: 'ready' },
      ],
      2,
      { passed: true, message: 'ready' },
    ],
    [
      'stops at once on a stuck state and reports it as a failure',
      [stuck({ passed: false, message: 'no node fits', hint: 'fix it' })],
      1,
      { passed: false, message: 'no node fits', hint: 'fix it' },
    ],
  ])('%s', async (_name, outcomes, calls, expected) => {
    const got = await run(outcomes as Attempt[]);
    expect(got.calls).toBe(calls);
    expect(got.result).toEqual(expected);
  });
});
