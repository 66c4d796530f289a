import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/sdk/index.js';
import { createGrader } from '../../../src/core/grading/grader.js';
import type { CheckReport, Grader, StepReport } from '../../../src/core/grading/types.js';
import { watchStep } from '../../../src/core/grading/watchStep.js';
import { FakePodExec, FakeReader, loaderOf, makeLab, pod, service } from './fakes.js';

const vars = { namespace: 'demos' };
const lab = makeLab([{ id: 'expose', checks: ['exists', 'selects'] }]);

const exists: Check = {
  title: 'Service web exists',
  async run(ctx) {
    return (await ctx.get('Service', 'web')) ? ctx.pass('found') : ctx.fail('not yet');
  },
};
const selects: Check = {
  title: 'selects the pod',
  async run(ctx) {
    const svc = await ctx.get('Service', 'web');
    if (!svc) return ctx.fail('no Service yet');
    const pods = await ctx.podsSelectedBy(svc);
    return pods.length > 0 ? ctx.pass(`${pods.length} pod`) : ctx.fail('selects no pod');
  },
};

function setup() {
  const reader = new FakeReader().add('Pod', pod('web-1', { app: 'web' }));
  let gradings = 0;
  const inner = createGrader({
    reader,
    podExec: new FakePodExec(),
    capabilities: async () => ({ dataPlane: true }),
    loadChecker: loaderOf({ exists, selects }),
  });
  const grader: Grader = {
    async gradeStep(...args) {
      gradings++;
      return inner.gradeStep(...args);
    },
  };
  return { reader, grader, gradings: () => gradings };
}

/** Resolves once `predicate` holds, checking after each report. */
function reportsUntil(
  reports: { report: StepReport; changed: CheckReport[] }[],
  predicate: () => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    const poll = (): void => (predicate() ? resolve() : void setTimeout(poll, 2));
    poll();
  });
}

describe('watchStep', () => {
  it('re-grades on a watch event, reports only what changed, and stops on pass', async () => {
    const { reader, grader } = setup();
    const reports: { report: StepReport; changed: CheckReport[] }[] = [];
    const done = watchStep(grader, reader, lab, 'expose', {
      answers: {},
      vars,
      onReport: (report, changed) => reports.push({ report, changed }),
    });
    await reportsUntil(reports, () => reports.length === 1 && reader.activeWatches().length === 1);
    expect(reports[0]!.changed.map((c) => c.id)).toEqual(['exists', 'selects']);
    expect(reader.activeWatches()[0]).toEqual([{ kind: 'Service', namespace: 'demos' }]);

    // A Service that selects nothing: both checks change.
    reader.change('Service', service('web', { selector: { app: 'wrong' } }), 'web', 'demos');
    await reportsUntil(reports, () => reports.length === 2);
    expect(reports[1]!.changed.map((c) => [c.id, c.status])).toEqual([
      ['exists', 'pass'],
      ['selects', 'fail'],
    ]);
    // It now reads Pods too, so the watch covers both.
    await reportsUntil(reports, () => reader.activeWatches()[0]?.length === 2);

    reader.change('Service', service('web', { selector: { app: 'web' } }), 'web', 'demos');
    const final = await done;
    expect(final.status).toBe('passed');
    expect(reports.at(-1)!.changed.map((c) => [c.id, c.status])).toEqual([['selects', 'pass']]);
    expect(reader.activeWatches()).toEqual([]);
  });

  it('with keepWatching, goes on after a pass: breaking the step is graded too, until aborted', async () => {
    const { reader, grader } = setup();
    reader.add('Service', service('web', { selector: { app: 'web' } }));
    const controller = new AbortController();
    const reports: { report: StepReport; changed: CheckReport[] }[] = [];
    const done = watchStep(grader, reader, lab, 'expose', {
      answers: {},
      vars,
      signal: controller.signal,
      keepWatching: true,
      onReport: (report, changed) => reports.push({ report, changed }),
    });
    await reportsUntil(reports, () => reports.length === 1 && reader.activeWatches().length === 1);
    expect(reports[0]!.report.status).toBe('passed');
    reader.change('Service', undefined, 'web', 'demos');
    await reportsUntil(reports, () => reports.length === 2);
    expect(reports[1]!.report.status).toBe('failed');
    reader.change('Service', service('web', { selector: { app: 'web' } }), 'web', 'demos');
    await reportsUntil(reports, () => reports.length === 3);
    expect(reports[2]!.report.status).toBe('passed');
    controller.abort();
    expect((await done).status).toBe('passed');
    expect(reader.activeWatches()).toEqual([]);
  });

  it('coalesces a burst of events into at most one more grading', async () => {
    const { reader, grader, gradings } = setup();
    const controller = new AbortController();
    const reports: { report: StepReport; changed: CheckReport[] }[] = [];
    const done = watchStep(grader, reader, lab, 'expose', {
      answers: {},
      vars,
      signal: controller.signal,
      onReport: (report, changed) => reports.push({ report, changed }),
    });
    await reportsUntil(reports, () => reader.activeWatches().length === 1);
    for (let i = 0; i < 20; i++) reader.change('Service', undefined, 'web', 'demos');
    await reportsUntil(reports, () => reports.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(gradings()).toBe(3);
    controller.abort();
    expect((await done).status).toBe('failed');
  });

  it('falls back to polling with a note when the watch cannot be established', async () => {
    const { reader, grader } = setup();
    reader.watchFails = new Error('watch is forbidden');
    const notes: string[] = [];
    const reports: StepReport[] = [];
    const done = watchStep(grader, reader, lab, 'expose', {
      answers: {},
      vars,
      pollIntervalMs: 20,
      onNote: (note) => notes.push(note),
      onReport: (report) => reports.push(report),
    });
    await reportsUntil([], () => notes.length === 1);
    expect(notes[0]).toBe('the API watch failed (watch is forbidden); re-checking every 0.02 s instead');
    reader.objects.set('Service', [service('web', { selector: { app: 'web' } })]);
    expect((await done).status).toBe('passed');
  });

  it('grades once more after subscribing, for a change the new watch cannot have seen', async () => {
    const { reader, grader } = setup();
    const reports: StepReport[] = [];
    const onReport = (report: StepReport): void => {
      reports.push(report);
      // Changed without a watch event, as if just before the watch was in place.
      if (reports.length === 1) reader.objects.set('Service', [service('web', { selector: { app: 'web' } })]);
    };
    const final = await watchStep(grader, reader, lab, 'expose', { answers: {}, vars, resyncAfterMs: 20, onReport });
    expect(reports.map((r) => r.status)).toEqual(['failed', 'passed']);
    expect(final.status).toBe('passed');
  });

  it('resolves with the last report when aborted', async () => {
    const { reader, grader } = setup();
    const controller = new AbortController();
    const reports: StepReport[] = [];
    const done = watchStep(grader, reader, lab, 'expose', {
      answers: {},
      vars,
      signal: controller.signal,
      onReport: (report) => reports.push(report),
    });
    await reportsUntil([], () => reports.length === 1);
    controller.abort();
    expect(await done).toBe(reports[0]);
  });

  it('re-grades on request with fresh answers (an answer given in another terminal)', async () => {
    const reader = new FakeReader();
    const qlab = makeLab([{ id: 'q', questions: [{ id: 'count', prompt: 'How many?', answer: 'number' }] }]);
    const grader = createGrader({
      reader,
      podExec: new FakePodExec(),
      capabilities: async () => ({ dataPlane: true }),
      loadChecker: loaderOf({ count: { expected: async () => 3 } }),
    });
    let answers: Record<string, string> = {};
    let regrade: (() => void) | undefined;
    const done = watchStep(grader, reader, qlab, 'q', {
      answers: {},
      vars,
      currentAnswers: () => answers,
      onReady: (r) => (regrade = r),
      onReport: () => {},
    });
    answers = { count: '3' };
    regrade!();
    expect((await done).status).toBe('passed');
  });

  it('rejects when grading itself fails', async () => {
    const reader = new FakeReader();
    const broken: Grader = {
      gradeStep: async () => {
        throw new Error('broken checker');
      },
    };
    await expect(watchStep(broken, reader, lab, 'expose', { answers: {}, vars, onReport: () => {} })).rejects.toThrow(
      'broken checker',
    );
  });
});
