/** The lab session's verbs over a fake cluster and a real progress store in a temporary folder. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import type { LabCluster } from '../../../src/app/labCluster.js';
import { createLabSession } from '../../../src/app/labSession.js';
import { type CheckReport, type Grader, overallStatus, type StepReport } from '../../../src/core/grading/types.js';
import { stepProgress } from '../../../src/core/progress.js';
import { fakeLab } from '../labTest/fakeLab.js';

const target = { context: 'kind-k8s-labs', server: 'https://127.0.0.1:41234', kubeconfigPath: '/tmp/kubeconfig' };
const check = (id: string, status: CheckReport['status'], message = ''): CheckReport => ({
  id,
  title: id,
  kind: 'check',
  status,
  message,
  durationMs: 1,
});
const stepReport = (step: string, checks: CheckReport[]): StepReport => ({
  lab: 'demo',
  step,
  status: overallStatus(checks),
  checks,
  durationMs: 1,
});

const lab = fakeLab('demo', [
  { id: 'one', checks: ['a'] },
  { id: 'two', checks: ['b'], questions: ['q'] },
  { id: 'three' },
]);
lab.steps[0]!.hints = ['first hint', 'second hint'];

function setup(grade = (stepId: string) => stepReport(stepId, [check('a', 'pass')])) {
  const store = createProgressStore({ dir: mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-session-')), warn: () => {} });
  const grader: Grader = { gradeStep: async (_lab, stepId) => grade(stepId) };
  let opened = 0;
  let closed = 0;
  const solved: string[] = [];
  const cluster: LabCluster = {
    target,
    session: undefined as never,
    grader,
    watch: async () => stepReport('one', []),
    solve: async (_lab, stepId): Promise<Record<string, string>> => {
      solved.push(stepId);
      return stepId === 'two' ? { q: '42' } : {};
    },
    reset: async () => ({ namespaces: ['demo'], objects: [] }),
    rebuild: async (_lab, stepId): Promise<Record<string, Record<string, string>>> =>
      stepId === 'three' ? { one: {}, two: { q: '42' } } : {},
    setUp: async () => undefined,
    explain: async () => [],
    close: () => void (closed += 1),
  };
  const session = createLabSession({
    lab,
    vars: { namespace: 'demo' },
    store,
    openCluster: async () => {
      opened += 1;
      return cluster;
    },
    now: () => new Date('2026-01-02T03:04:05Z'),
  });
  return { store, grader, session, solved, counts: () => ({ opened, closed }) };
}

const signal = new AbortController().signal;

describe('lab session', () => {
  it('opens the cluster once for all its verbs and closes it once', async () => {
    const { session, counts } = setup();
    await session.cluster();
    await session.check([lab.steps[0]!], { signal, publish: () => {} });
    await session.solve(lab.steps[0]!, { signal, onLine: () => {} });
    session.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(counts()).toEqual({ opened: 1, closed: 1 });
  });

  it('check publishes before it records, so a report that cannot be written leaves progress untouched', async () => {
    const { session, store } = setup();
    await expect(
      session.check([lab.steps[0]!], {
        signal,
        publish: () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(stepProgress(store.load('demo'), 'one').status).not.toBe('passed');

    const seen: string[] = [];
    await session.check([lab.steps[0]!], {
      signal,
      publish: ({ reports }) => seen.push(`${reports[0]!.step}:${stepProgress(store.load('demo'), 'one').status}`),
    });
    expect(seen).toEqual(['one:not-started']);
    expect(stepProgress(store.load('demo'), 'one').status).toBe('passed');
    expect(store.currentLab()).toBe('demo');
  });

  it('check records nothing for a step it could not grade', async () => {
    const { session, store } = setup((stepId) => stepReport(stepId, [check('a', 'error', 'cluster gone')]));
    const result = await session.check([lab.steps[0]!], { signal, publish: () => {} });
    expect(result?.reports[0]!.status).toBe('error');
    expect(store.load('demo').steps['one']).toBeUndefined();
  });

  it('hint shows the next tier and records it, then repeats the last', () => {
    const { session, store } = setup();
    const step = session.step('one');
    expect(session.hint(step)).toMatchObject({ tier: 0, text: 'first hint', allSeen: false });
    expect(session.hint(step)).toMatchObject({ tier: 1, text: 'second hint', allSeen: false });
    expect(session.hint(step)).toMatchObject({ tier: 1, allSeen: true });
    expect(stepProgress(store.load('demo'), 'one').hintsSeen.map((seen) => seen.tier)).toEqual([0, 1]);
  });

  it('solve records the step as skipped with its answers and moves the learner on', async () => {
    const { session, store, solved } = setup();
    const result = await session.solve(session.step('two'), { signal, onLine: () => {} });
    expect(solved).toEqual(['two']);
    expect(result).toEqual({ answers: { q: '42' }, recordedAs: 'skipped', currentStep: 'three' });
    expect(stepProgress(store.load('demo'), 'two').answers['q']?.value).toBe('42');
    expect(store.currentLab()).toBe('demo');
  });

  it('rebuildAt records earlier steps as skipped and puts the learner at the step', async () => {
    const { session, store } = setup();
    await session.rebuildAt(session.step('three'), { signal });
    const progress = store.load('demo');
    expect(progress.currentStep).toBe('three');
    expect(stepProgress(progress, 'one').status).toBe('skipped');
    expect(stepProgress(progress, 'two').status).toBe('skipped');
    expect(session.step()).toBe(lab.steps[2]);
  });

  it('reset clears the progress of the lab', async () => {
    const { session, store } = setup();
    store.update('demo', (progress) => ({ ...progress, currentStep: 'two' }));
    expect(await session.reset({ signal })).toEqual({ namespaces: ['demo'], objects: [] });
    expect(store.load('demo').currentStep).toBeUndefined();
  });

  it('names a missing step with the steps there are', () => {
    const { session } = setup();
    expect(() => session.step('four')).toThrow('lab "demo" has no step "four"');
  });
});
