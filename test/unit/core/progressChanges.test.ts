import { describe, expect, it } from 'vitest';
import {
  afterJump,
  afterSolve,
  needsSetup,
  nextStepId,
  recordSetupApplied,
  recordSolutionApplied,
} from '../../../src/core/progressChanges.js';
import { emptyProgress, recordCheck } from '../../../src/core/progress.js';
import { fakeLab } from '../labTest/fakeLab.js';

const lab = fakeLab('p', [{ id: 'one', questions: ['q1'] }, { id: 'two' }, { id: 'three' }]);
const at = '2030-01-01T00:00:00.000Z';

describe('progress after solve and jump', () => {
  it('records an applied solution as skipped, with its answers, never as passed', () => {
    const progress = recordSolutionApplied(emptyProgress('p'), 'one', { q1: '10.96.0.1' }, at);
    expect(progress.steps['one']).toMatchObject({
      status: 'skipped',
      solutionAppliedAt: at,
      answers: { q1: { value: '10.96.0.1', at } },
    });
    expect(progress.steps['one']!.passedAt).toBeUndefined();
    expect(progress.startedAt).toBe(at);
  });

  it('keeps a step the learner had passed as passed', () => {
    const passed = recordCheck(emptyProgress('p'), 'one', true, '2029-12-31T00:00:00.000Z');
    expect(recordSolutionApplied(passed, 'one', {}, at).steps['one']!.status).toBe('passed');
  });

  it('moves the learner to the next step after solve, and stays on the last', () => {
    expect(afterSolve(lab, emptyProgress('p'), 'one', {}, at).currentStep).toBe('two');
    expect(afterSolve(lab, emptyProgress('p'), 'three', {}, at).currentStep).toBe('three');
    expect(nextStepId(lab, 'nope')).toBeUndefined();
  });

  it('records every step before the jump target as skipped and sets the current step', () => {
    const passedOne = recordCheck(emptyProgress('p'), 'one', true, at);
    const progress = afterJump(lab, passedOne, 'three', { two: {} }, at);
    expect(progress.currentStep).toBe('three');
    expect(progress.steps['one']!.status).toBe('passed');
    expect(progress.steps['two']).toMatchObject({ status: 'skipped', solutionAppliedAt: at });
    expect(progress.steps['three']).toBeUndefined();
  });

  it('jumping to the first step records nothing but the current step', () => {
    const progress = afterJump(lab, emptyProgress('p'), 'one', {}, at);
    expect(progress.steps).toEqual({});
    expect(progress.currentStep).toBe('one');
  });
});

describe('step setup in progress', () => {
  const base = fakeLab('p', [{ id: 'one' }, { id: 'two' }, { id: 'three' }]);
  const withSetup = {
    ...base,
    steps: base.steps.map((step) =>
      step.id === 'one' ? step : { ...step, setup: { manifests: [`assets/${step.id}.yaml`] } },
    ),
  };

  it('a step with a setup needs it once, when begun afresh', () => {
    const fresh = emptyProgress('p');
    expect(needsSetup(withSetup, fresh, 'one')).toBe(false);
    expect(needsSetup(withSetup, fresh, 'two')).toBe(true);
    expect(needsSetup(withSetup, recordSetupApplied(fresh, 'two', at), 'two')).toBe(false);
    // Begun already (checked once): its state is the learner's now.
    expect(needsSetup(withSetup, recordCheck(fresh, 'two', false, at), 'two')).toBe(false);
  });

  it('jump and solve record the setup they applied to the step the learner lands on', () => {
    expect(afterJump(withSetup, emptyProgress('p'), 'two', {}, at).steps['two']?.setupAppliedAt).toBe(at);
    expect(afterSolve(withSetup, emptyProgress('p'), 'two', {}, at).steps['three']?.setupAppliedAt).toBe(at);
    expect(afterSolve(withSetup, emptyProgress('p'), 'three', {}, at).steps['three']?.setupAppliedAt).toBeUndefined();
  });
});
