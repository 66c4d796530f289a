/**
 * Property: with auto-check on, the checks pane follows the cluster through any sequence of
 * changes and manual checks: after a pass, after a failure, after `c`. The guide runs the real
 * watcher and grader over a fake cluster reader.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createGrader } from '../../../src/core/grading/grader.js';
import { watchStep } from '../../../src/core/grading/watchStep.js';
import type { Check } from '../../../src/sdk/index.js';
import { FakePodExec, FakeReader, loaderOf } from '../grading/fakes.js';
import { fakeCluster, renderLab, waitUntil } from './fakes.js';

afterEach(() => cleanup());

const namespaceExists: Check = {
  title: 'the namespace demos exists',
  async run(ctx) {
    return (await ctx.get('Namespace', 'demos')) ? ctx.pass('demos exists') : ctx.fail('there is no namespace demos');
  },
};

type Event = 'create' | 'delete' | 'check';

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
function sequence(seed: number, length: number): Event[] {
  let x = seed;
  const events: Event[] = [];
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    events.push((['create', 'delete', 'check'] as const)[x % 3]!);
  }
  return events;
}

async function walk(events: readonly Event[]): Promise<void> {
  const reader = new FakeReader();
  const grader = createGrader({
    reader,
    podExec: new FakePodExec(),
    capabilities: async () => ({ dataPlane: true }),
    loadChecker: loaderOf({ 'namespace-exists': namespaceExists }),
  });
  const cluster = {
    ...fakeCluster({ grader }),
    watchStep: (lab: Parameters<typeof watchStep>[2], stepId: string, options: Parameters<typeof watchStep>[4]) =>
      watchStep(grader, reader, lab, stepId, { ...options, resyncAfterMs: 60_000 }),
  };
  const { app } = renderLab({ connect: { ok: true, cluster } });
  await app.waitFor('── checks ── 0 of 1 passed');
  await waitUntil(() => reader.activeWatches().length > 0, 'the watch');
  let exists = false;
  const done: Event[] = [];
  for (const event of events) {
    done.push(event);
    if (event === 'check') await app.press('c');
    else {
      exists = event === 'create';
      reader.change('Namespace', exists ? { metadata: { name: 'demos' } } : undefined, 'demos');
    }
    const expected = exists ? '── checks ── step passed' : '── checks ── 0 of 1 passed';
    await app
      .waitFor((text) => text.includes(expected) && !text.includes('checking'), 2000)
      .catch(() => {
        throw new Error(`after ${done.join(', ')}: expected "${expected}"; screen:\n${app.text()}`);
      });
    expect(app.text()).toContain('auto-check on');
  }
}

describe('auto-check follows the cluster for as long as it is on', () => {
  it('breaking a passed step turns it red, fixing it after c turns it green', () =>
    walk(['create', 'delete', 'check', 'create', 'delete', 'create']));

  for (const seed of [1, 2, 3, 4, 5, 6])
    it(`random sequence, seed ${seed}`, () => walk(['create', ...sequence(seed, 8)]));
});

/** The real grader and watcher over a fake reader, the fixture's first check played by `check`. */
function watchedCluster(reader: FakeReader, check: Check) {
  const grader = createGrader({
    reader,
    podExec: new FakePodExec(),
    capabilities: async () => ({ dataPlane: true }),
    loadChecker: loaderOf({ 'namespace-exists': check }),
  });
  return {
    ...fakeCluster({ grader }),
    watchStep: (lab: Parameters<typeof watchStep>[2], stepId: string, options: Parameters<typeof watchStep>[4]) =>
      watchStep(grader, reader, lab, stepId, { ...options, resyncAfterMs: 60_000 }),
  };
}

describe('auto-check re-grades a failing step on a timer too', () => {
  it('passes a check that clears with no object change, and stops re-grading once it passes', async () => {
    const reader = new FakeReader();
    let gradings = 0;
    // Fails twice, then passes: DNS that propagates, with nothing in the API changing.
    const settlesLater: Check = {
      title: 'the name resolves',
      async run(ctx) {
        gradings += 1;
        return gradings >= 3 ? ctx.pass('it resolves') : ctx.fail('web.demos does not resolve yet');
      },
    };
    const cluster = watchedCluster(reader, settlesLater);
    const { app } = renderLab({ connect: { ok: true, cluster }, failingRegradeMs: [40] });
    await app.waitFor('web.demos does not resolve yet');
    await app.waitFor('── checks ── step passed', 2000);
    expect(gradings).toBe(3);

    // A passed step is not re-graded on a timer.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gradings).toBe(3);
  });

  it('stops the timer when auto-check is turned off', async () => {
    const reader = new FakeReader();
    let gradings = 0;
    const neverPasses: Check = {
      title: 'the name resolves',
      async run(ctx) {
        gradings += 1;
        return ctx.fail('web.demos does not resolve yet');
      },
    };
    const cluster = watchedCluster(reader, neverPasses);
    const { app } = renderLab({ connect: { ok: true, cluster }, failingRegradeMs: [40] });
    await app.waitFor('web.demos does not resolve yet');
    await waitUntil(() => gradings >= 3, 'timer re-gradings', 2000);
    await app.press('a');
    await app.waitFor('auto-check off');
    const after = gradings;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gradings).toBe(after);
  });
});

describe('a slow auto-check re-grade is said while it runs', () => {
  it('shows "checking again" beside the last results until the new ones arrive', async () => {
    const reader = new FakeReader();
    let release: (() => void) | undefined;
    // Slow once the namespace exists, as a curl through a Service just made is on a busy machine.
    const slowOnceThere: Check = {
      title: 'the namespace demos exists',
      async run(ctx) {
        const exists = await ctx.get('Namespace', 'demos');
        if (exists) await new Promise<void>((resolve) => (release = resolve));
        return exists ? ctx.pass('demos exists') : ctx.fail('there is no namespace demos');
      },
    };
    const cluster = watchedCluster(reader, slowOnceThere);
    const { app } = renderLab({ connect: { ok: true, cluster } });
    await app.waitFor('there is no namespace demos');
    await waitUntil(() => reader.activeWatches().length > 0, 'the watch');
    reader.change('Namespace', { metadata: { name: 'demos' } }, 'demos');
    // Not at once (a quick re-grade would flicker), but after SLOW_REGRADE_MS.
    await waitUntil(() => release !== undefined, 'the slow grading');
    expect(app.text()).not.toContain('checking again');
    await app.waitFor('── checks ── 0 of 1 passed (checking again…)', 3000);
    expect(app.text()).toContain('there is no namespace demos');
    release!();
    await app.waitFor((text) => text.includes('── checks ── step passed') && !text.includes('checking again'), 2000);
  });
});
