import { describe, expect, it } from 'vitest';
import { environmentError } from '../../../src/errors.js';
import { followWorkshopResets } from '../../../src/app/workshop/attendeeSession.js';
import type { Lab } from '../../../src/core/lab.js';
import { emptyProgress, type LabProgress } from '../../../src/core/progress.js';
import type { Ledger } from '../../../src/core/workshop/ledger.js';
import { stepFrom } from '../../helpers/steps.js';

const lab: Lab = {
  id: 'clusterip',
  manifest: { steps: ['one', 'two', 'three'].map((id) => ({ id, file: `${id}.md` })) } as unknown as Lab['manifest'],
  dir: '/lab',
  root: '/',
  steps: ['one', 'two', 'three'].map((id) => stepFrom(id)),
};

const ledgerAt = (resetAt: string | undefined, currentStep = 'two'): Ledger => ({
  lab: 'clusterip',
  attendee: 'alice',
  currentStep,
  ...(resetAt ? { resetAt } : {}),
  steps: {},
});

/** A progress file in memory, and the ledgers the instructor's side holds at each read. */
function world(reads: (Ledger | Error | undefined)[]) {
  let file: LabProgress = { ...emptyProgress('clusterip'), currentStep: 'three' };
  const adopted: LabProgress[] = [];
  let count = 0;
  const abort = new AbortController();
  const follow = followWorkshopResets({
    lab,
    store: {
      load: () => file,
      save: (progress) => {
        file = progress;
      },
    },
    read: async () => {
      const next = reads[Math.min(count++, reads.length - 1)];
      // The last entry repeats; once every read is used up, the test is over.
      if (count >= reads.length + 2) abort.abort();
      if (next instanceof Error) throw next;
      return next;
    },
    onReset: (progress) => adopted.push(progress),
    signal: abort.signal,
    intervalMs: 1,
  });
  return { follow, adopted, file: () => file, reads: () => count };
}

describe('an open guide follows the instructor’s resets', () => {
  it('adopts each new reset once, saving it to the progress file first, through failed reads', async () => {
    const first = ledgerAt('2026-01-02T09:00:00Z', 'two');
    const second = ledgerAt('2026-01-02T10:00:00Z', 'one');
    const { follow, adopted, file } = world([
      ledgerAt(undefined),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      first,
      first,
      undefined,
      second,
      second,
    ]);
    await follow;
    expect(adopted.map((progress) => [progress.currentStep, progress.resetAt])).toEqual([
      ['two', '2026-01-02T09:00:00Z'],
      ['one', '2026-01-02T10:00:00Z'],
    ]);
    expect(file()).toEqual(adopted[1]);
  });

  it('stops when the workshop’s credentials are rejected', async () => {
    // As readLedger reports a 401.
    const rejected = environmentError('the API server at https://127.0.0.1:6443 rejected the credentials (401)');
    const { follow, adopted, reads } = world([rejected, ledgerAt('2026-01-02T09:00:00Z')]);
    await follow;
    expect(reads()).toBe(1);
    expect(adopted).toEqual([]);
  });
});
