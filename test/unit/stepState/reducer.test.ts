import { describe, expect, it } from 'vitest';
import { emptyProgress } from '../../../src/core/progress.js';
import { initialStepState, selectedItem, stepReducer } from '../../../src/core/stepState/reducer.js';
import type { ActionBody, LabOutline, StepState } from '../../../src/core/stepState/types.js';
import type { StepReport } from '../../../src/core/grading/types.js';
import type { ObjectExplanation } from '../../../src/core/explain/explainStep.js';

const AT = '2025-03-01T10:00:00.000Z';

const outline: LabOutline = {
  id: 'demo',
  steps: [
    { id: 'one', title: 'One', commands: 2, checks: ['ns'], questions: [], hints: 2 },
    { id: 'two', title: 'Two', commands: 1, checks: ['svc'], questions: ['port'], hints: 0 },
    { id: 'three', title: 'Three', commands: 0, checks: [], questions: [], hints: 1 },
  ],
};

function start(overrides: Partial<StepState> = {}, stepIndex = 0): StepState {
  return {
    ...initialStepState({ outline, progress: emptyProgress('demo'), stepIndex, at: AT, resetAvailable: true }),
    cluster: 'ready',
    ...overrides,
  };
}

const run = (state: StepState, ...actions: ActionBody[]): StepState =>
  actions.reduce((current, action) => stepReducer(current, { ...action, at: AT }), state);

const report = (step: string, status: StepReport['status'], checks: StepReport['checks'] = []): StepReport => ({
  lab: 'demo',
  step,
  status,
  checks,
  durationMs: 1,
});

describe('step state', () => {
  it('opens at the given step, reading, with the first item selected and the start recorded', () => {
    const state = start({}, 1);
    expect(state.mode).toEqual({ kind: 'reading' });
    expect(state.progress.currentStep).toBe('two');
    expect(state.progress.startedAt).toBe(AT);
    expect(state.selected).toBe(0);
    expect(start({}, 2).selected).toBe(-1);
  });

  it('moves with next and previous, records the current step, and ends in the summary', () => {
    let state = run(start(), { type: 'next' });
    expect(state.stepIndex).toBe(1);
    expect(state.progress.currentStep).toBe('two');
    state = run(state, { type: 'previous' }, { type: 'previous' });
    expect(state.stepIndex).toBe(0);
    state = run(state, { type: 'next' }, { type: 'next' }, { type: 'next' });
    expect(state.mode).toEqual({ kind: 'summary' });
    expect(state.progress.finishedAt).toBe(AT);
    expect(run(state, { type: 'previous' }).mode).toEqual({ kind: 'reading' });
  });

  it('selects items: blocks first, then questions, cycling', () => {
    let state = run(start({}, 1), { type: 'select-next' });
    expect(selectedItem(state)).toEqual({ question: 'port' });
    state = run(state, { type: 'select-next' });
    expect(selectedItem(state)).toEqual({ block: 0 });
    state = run(state, { type: 'select-previous' });
    expect(selectedItem(state)).toEqual({ question: 'port' });
    expect(run(state, { type: 'select', item: 5 }).selected).toBe(1);
  });

  it('asks once per block before running it, then runs it directly', () => {
    let state = run(start(), { type: 'activate' });
    expect(state.mode).toEqual({ kind: 'confirming-command', block: 0 });
    state = run(state, { type: 'confirm' });
    expect(state.mode).toEqual({ kind: 'running-command', block: 0, run: 1, stopping: false });
    state = run(state, {
      type: 'command-finished',
      outcome: { block: 0, exitCode: 0, durationMs: 5, aborted: false, timedOut: false },
    });
    expect(state.mode).toEqual({ kind: 'reading' });
    expect(state.lastRun?.exitCode).toBe(0);
    state = run(state, { type: 'activate' });
    expect(state.mode).toEqual({ kind: 'running-command', block: 0, run: 2, stopping: false });
    // Another block still asks.
    state = run(
      state,
      { type: 'command-finished', outcome: { block: 0, exitCode: 1, durationMs: 5, aborted: false, timedOut: false } },
      { type: 'select', item: 1 },
      { type: 'activate' },
    );
    expect(state.mode).toEqual({ kind: 'confirming-command', block: 1 });
    expect(run(state, { type: 'cancel' }).mode).toEqual({ kind: 'reading' });
  });

  it('Ctrl-C stops a running command, asks before quitting when idle, and quits on a second press', () => {
    let state = run(start(), { type: 'activate' }, { type: 'confirm' }, { type: 'interrupt' });
    expect(state.mode).toMatchObject({ kind: 'running-command', stopping: true });
    state = run(state, {
      type: 'command-finished',
      outcome: { block: 0, exitCode: 143, durationMs: 5, aborted: true, timedOut: false },
    });
    expect(state.mode).toEqual({ kind: 'reading' });
    state = run(state, { type: 'interrupt' });
    expect(state.mode).toEqual({ kind: 'confirming-quit' });
    expect(run(state, { type: 'cancel' }).mode).toEqual({ kind: 'reading' });
    expect(run(state, { type: 'interrupt' }).mode).toEqual({ kind: 'quitting' });
  });

  it('checks only with a cluster, and records a pass', () => {
    expect(run(start({ cluster: 'missing' }), { type: 'check' }).notice?.text).toBe(
      'checking needs the lab cluster: press C to create it',
    );
    expect(run(start({ cluster: 'connecting' }), { type: 'check' }).mode).toEqual({ kind: 'reading' });
    let state = run(start(), { type: 'check' });
    expect(state.mode).toEqual({ kind: 'checking', run: 1 });
    state = run(state, { type: 'check-finished', report: report('one', 'failed') });
    expect(state.progress.steps['one']?.status).toBe('in-progress');
    state = run(state, { type: 'check' }, { type: 'check-finished', report: report('one', 'passed') });
    expect(state.progress.steps['one']?.status).toBe('passed');
    expect(state.notice).toEqual({ text: 'Step passed: press n for the next step', tone: 'success' });
  });

  it('honours n and p during a manual check: the step changes and the late result is dropped', () => {
    const checking = run(start(), { type: 'check' });
    const moved = run(checking, { type: 'next' });
    expect(moved.stepIndex).toBe(1);
    expect(moved.mode).toEqual({ kind: 'reading' });
    // The grading of the step left, arriving after, changes nothing.
    expect(run(moved, { type: 'check-finished', report: report('one', 'failed') })).toBe(moved);
    const back = run(moved, { type: 'check' }, { type: 'previous' });
    expect(back.stepIndex).toBe(0);
    expect(back.mode).toEqual({ kind: 'reading' });
  });

  it('explains a failed step with d, records it like a hint, and explains nothing else', () => {
    expect(run(start(), { type: 'explain' }).notice?.text).toBe('d explains a failed check: check the step first (c)');
    const failed = run(start(), { type: 'check' }, { type: 'check-finished', report: report('one', 'failed') });
    const explaining = run(failed, { type: 'explain' });
    expect(explaining.mode).toEqual({ kind: 'explaining', run: 2 });
    const explanations: ObjectExplanation[] = [
      { kind: 'Service', name: 'web', file: 'service.yaml', state: 'missing', differences: [] },
    ];
    const shown = run(explaining, { type: 'explain-finished', step: 'one', explanations });
    expect(shown.mode).toEqual({ kind: 'reading' });
    expect(shown.explanations['one']).toEqual(explanations);
    expect(shown.progress.steps['one']?.explainedAt).toEqual([AT]);
    // Stopped with Esc: nothing shown, nothing recorded.
    const stopped = run(explaining, { type: 'interrupt' }, { type: 'explain-finished', step: 'one', explanations: [] });
    expect(stopped.explanations).toEqual({});
    expect(stopped.progress.steps['one']?.explainedAt).toBeUndefined();
    const passed = run(start(), { type: 'check' }, { type: 'check-finished', report: report('one', 'passed') });
    expect(run(passed, { type: 'explain' }).notice?.text).toBe('the step passes: nothing to explain');
    // Once the step passes, the old comparison goes: it would only mislead.
    expect(run(shown, { type: 'auto-report', report: report('one', 'failed') }).explanations['one']).toEqual(
      explanations,
    );
    expect(run(shown, { type: 'auto-report', report: report('one', 'passed') }).explanations['one']).toBeUndefined();
  });

  it('ignores a grading of another step, and a check failure is a notice', () => {
    const checking = run(start(), { type: 'check' });
    expect(run(checking, { type: 'check-finished', report: report('two', 'passed') })).toBe(checking);
    const failed = run(checking, { type: 'check-failed', message: 'could not check: boom' });
    expect(failed.mode).toEqual({ kind: 'reading' });
    expect(failed.notice).toEqual({ text: 'could not check: boom', tone: 'error' });
  });

  it('auto-check reports turn the step green while on, and are ignored when off', () => {
    const passed = run(start(), { type: 'auto-report', report: report('one', 'passed') });
    expect(passed.progress.steps['one']?.status).toBe('passed');
    const failing = run(start(), { type: 'auto-report', report: report('one', 'failed') });
    expect(failing.progress.steps['one']).toBeUndefined();
    expect(failing.reports['one']?.status).toBe('failed');
    const off = run(start(), { type: 'toggle-auto-check' }, { type: 'auto-report', report: report('one', 'passed') });
    expect(off.autoCheck).toBe(false);
    expect(off.progress.steps['one']).toBeUndefined();
  });

  it('a watcher that fails turns auto-check off and says how to turn it on again', () => {
    const stopped = run(start(), { type: 'auto-check-stopped', message: 'checker crashed' });
    expect(stopped.autoCheck).toBe(false);
    expect(stopped.notice).toEqual({
      text: 'auto-check stopped: checker crashed; press a to turn it on again',
      tone: 'error',
    });
  });

  it('shows hint tiers in order and records each once', () => {
    let state = run(start(), { type: 'hint' }, { type: 'hint' });
    expect(state.progress.steps['one']?.hintsSeen.map((hint) => hint.tier)).toEqual([0, 1]);
    state = run(state, { type: 'hint' });
    expect(state.notice?.text).toBe('no more hints; s reveals the solution');
    expect(run(start({}, 1), { type: 'hint' }).notice?.text).toBe('this step has no hints; s reveals the solution');
  });

  it('reveals the solution only after a confirmation', () => {
    let state = run(start(), { type: 'reveal-solution' });
    expect(state.mode).toEqual({ kind: 'confirming-solution' });
    expect(run(state, { type: 'cancel' }).progress.steps['one']).toBeUndefined();
    state = run(state, { type: 'confirm' });
    expect(state.progress.steps['one']?.solutionRevealedAt).toBe(AT);
  });

  it('answers a question: the draft is recorded, then graded on its own', () => {
    let state = run(start({}, 1), { type: 'select-next' }, { type: 'activate' });
    expect(state.mode).toEqual({ kind: 'answering-question', question: 'port', draft: '', cursor: 0 });
    state = run(state, { type: 'submit-answer' });
    expect(state.notice?.text).toBe('type an answer, or press Esc to cancel');
    state = run(state, { type: 'edit-answer', edits: [{ kind: 'insert', text: ' 80 ' }] }, { type: 'submit-answer' });
    expect(state.mode).toEqual({ kind: 'checking', run: 1, only: ['port'] });
    expect(state.progress.steps['two']?.answers['port']).toEqual({ value: '80', at: AT });
    state = run(state, {
      type: 'check-finished',
      report: report('two', 'passed', [
        { id: 'port', title: 'port', kind: 'question', status: 'pass', message: '', durationMs: 1 },
      ]),
    });
    expect(state.progress.steps['two']?.answers['port']?.correct).toBe(true);
    // Grading one answer does not pass the step: its check has not run; the whole step is graded next.
    expect(state.reports['two']?.status).toBe('incomplete');
    expect(state.progress.steps['two']?.status).toBe('in-progress');
    expect(state.mode).toEqual({ kind: 'checking', run: 2 });
    // Without a cluster the answer is kept for later.
    const offline = run(
      start({ cluster: 'missing' }, 1),
      { type: 'select', item: 1 },
      { type: 'activate' },
      { type: 'edit-answer', edits: [{ kind: 'insert', text: '80' }] },
      { type: 'submit-answer' },
    );
    expect(offline.mode).toEqual({ kind: 'reading' });
    expect(offline.progress.steps['two']?.answers['port']?.value).toBe('80');
  });

  it('lists steps, opens one, and jumps with a rebuild after a confirmation', () => {
    let state = run(start(), { type: 'open-step-list' }, { type: 'list-move', delta: 5 });
    expect(state.mode).toEqual({ kind: 'step-list', cursor: 2 });
    expect(run(state, { type: 'go-to', step: 2 }).stepIndex).toBe(2);
    state = run(state, { type: 'list-move', delta: -1 }, { type: 'jump-here' });
    expect(state.mode).toEqual({ kind: 'confirming-reset', target: 1 });
    state = run(state, { type: 'confirm' });
    expect(state.mode).toEqual({ kind: 'resetting', target: 1, run: 1 });
    state = run(state, { type: 'reset-finished', answersByStep: { one: {} } });
    expect(state.stepIndex).toBe(1);
    expect(state.progress.steps['one']).toMatchObject({ status: 'skipped', solutionAppliedAt: AT });
    expect(state.notice).toEqual({ text: 'cluster rebuilt to the start of "Two"', tone: 'success' });
  });

  it('merges the grading of one answer into the last full report', () => {
    const full = report('two', 'failed', [
      { id: 'svc', title: 'svc', kind: 'check', status: 'pass', message: '', durationMs: 1 },
      { id: 'port', title: 'port', kind: 'question', status: 'fail', message: 'not answered yet', durationMs: 1 },
    ]);
    let state = run(start({}, 1), { type: 'auto-report', report: full });
    state = run(
      state,
      { type: 'select', item: 1 },
      { type: 'activate' },
      { type: 'edit-answer', edits: [{ kind: 'insert', text: '80' }] },
      { type: 'submit-answer' },
    );
    state = run(state, {
      type: 'check-finished',
      report: report('two', 'passed', [
        { id: 'port', title: 'port', kind: 'question', status: 'pass', message: '', durationMs: 1 },
      ]),
    });
    expect(state.reports['two']?.checks.map((check) => `${check.id}:${check.status}`)).toEqual([
      'svc:pass',
      'port:pass',
    ]);
    // The svc result is from an older grading: the merged report is not final and never passes the step...
    expect(state.reports['two']?.status).toBe('incomplete');
    expect(state.progress.steps['two']?.status).toBe('in-progress');
    // ...a full grading of the step starts at once, and only its report can pass it.
    expect(state.mode).toEqual({ kind: 'checking', run: 2 });
    const failedNow = run(state, {
      type: 'check-finished',
      report: report('two', 'failed', [
        { id: 'svc', title: 'svc', kind: 'check', status: 'fail', message: 'the Service was deleted', durationMs: 1 },
        { id: 'port', title: 'port', kind: 'question', status: 'pass', message: '', durationMs: 1 },
      ]),
    });
    expect(failedNow.mode).toEqual({ kind: 'reading' });
    expect(failedNow.progress.steps['two']?.status).toBe('in-progress');
    expect(failedNow.reports['two']?.status).toBe('failed');
    const passedNow = run(state, {
      type: 'check-finished',
      report: report(
        'two',
        'passed',
        full.checks.map((check) => ({ ...check, status: 'pass' as const })),
      ),
    });
    expect(passedNow.progress.steps['two']?.status).toBe('passed');
    expect(passedNow.notice?.text).toBe('Step passed: press n for the next step');
  });

  it('never passes a step from an answer merged with an old report, and grades nothing more after a wrong answer', () => {
    const full = report('two', 'failed', [
      { id: 'svc', title: 'svc', kind: 'check', status: 'pass', message: '', durationMs: 1 },
      { id: 'port', title: 'port', kind: 'question', status: 'fail', message: 'not answered yet', durationMs: 1 },
    ]);
    let state = run(start({}, 1), { type: 'auto-report', report: full });
    state = run(
      state,
      { type: 'select', item: 1 },
      { type: 'activate' },
      { type: 'edit-answer', edits: [{ kind: 'insert', text: '81' }] },
      { type: 'submit-answer' },
    );
    state = run(state, {
      type: 'check-finished',
      report: report('two', 'failed', [
        { id: 'port', title: 'port', kind: 'question', status: 'fail', message: 'no', durationMs: 1 },
      ]),
    });
    expect(state.mode).toEqual({ kind: 'reading' });
    expect(state.reports['two']?.status).toBe('failed');
    expect(state.progress.steps['two']?.answers['port']?.correct).toBe(false);
  });

  it('refuses a reset it cannot do, and keeps the step when the rebuild fails', () => {
    expect(run(start({ resetAvailable: false }), { type: 'reset-step' }).notice?.tone).toBe('error');
    expect(run(start({ cluster: 'missing' }), { type: 'reset-step' }).mode).toEqual({ kind: 'reading' });
    const failed = run(
      start({}, 1),
      { type: 'reset-step' },
      { type: 'confirm' },
      { type: 'reset-finished', error: 'could not rebuild the step: boom' },
    );
    expect(failed.stepIndex).toBe(1);
    expect(failed.notice).toEqual({ text: 'could not rebuild the step: boom', tone: 'error' });
  });

  it('quits from reading with q, but not while typing an answer', () => {
    expect(run(start(), { type: 'quit' }).mode).toEqual({ kind: 'quitting' });
    const typing = run(start({}, 1), { type: 'select', item: 1 }, { type: 'activate' });
    expect(run(typing, { type: 'quit' }).mode.kind).toBe('answering-question');
  });
});
