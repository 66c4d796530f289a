import { describe, expect, it } from 'vitest';
import { environmentError } from '../../../src/errors.js';
import { runLabTest } from '../../../src/core/labTest/runLabTest.js';
import { summarize, testPassed } from '../../../src/core/labTest/summary.js';
import type { LabTestEvent } from '../../../src/core/labTest/types.js';
import {
  depsFor,
  FakeApplyFailure,
  fakeFixture,
  fakeLab,
  type FakeCheck,
  fakeWorld,
  type FakeWorldOptions,
} from './fakeLab.js';

const lab = fakeLab('svc-lab', [
  { id: 'scene', checks: ['jumpbox-running'] },
  { id: 'create-service', checks: ['jumpbox-ready', 'service-exists', 'selector-right'], questions: ['cluster-ip'] },
]);

const goodChecks: Record<string, FakeCheck> = {
  'jumpbox-running': (facts) => facts.has('jumpbox'),
  'jumpbox-ready': (facts) => facts.has('jumpbox'),
  'service-exists': (facts) => facts.has('svc') || facts.has('svc-typo'),
  'selector-right': (facts) => facts.has('svc'),
  'cluster-ip': (_facts, answers) => answers['cluster-ip'] === '10.96.0.10',
};

const world = (overrides: Partial<FakeWorldOptions> = {}) =>
  fakeWorld({
    checks: goodChecks,
    solutions: { scene: ['jumpbox'], 'create-service': ['svc'] },
    answers: { 'create-service': { 'cluster-ip': '10.96.0.10' } },
    fixtureFacts: { typo: ['svc-typo'], 'no jumpbox': ['-jumpbox', 'svc-typo'], 'wrong ip': [] },
    preconditions: ['jumpbox-ready'],
    ...overrides,
  });

const fixtures = [
  fakeFixture('selector-right/typo', { description: 'typo', step: 'create-service', rejects: ['selector-right'] }),
  fakeFixture('selector-right/no-jumpbox', {
    description: 'no jumpbox',
    step: 'create-service',
    rejects: ['selector-right'],
    delete: [{ kind: 'Pod', name: 'jumpbox', namespace: '{{namespace}}' }],
  }),
  fakeFixture('cluster-ip/wrong-ip', {
    description: 'wrong ip',
    step: 'create-service',
    rejects: ['cluster-ip'],
    answers: { 'cluster-ip': '10.0.0.1' },
  }),
];

const options = { vars: { namespace: 'svc-lab' }, fixtures, keep: false };

describe('runLabTest on a sound lab', () => {
  it('verifies every check before and after, every fixture, and cleans up', async () => {
    const fake = world();
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.status).toBe('ok');
    expect(report.cleanedUp).toBe(true);
    expect(report.steps.map((step) => step.status)).toEqual(['ok', 'ok']);
    expect(report.steps[1]!.checks.map((check) => [check.id, check.verdict, check.reason])).toEqual([
      ['jumpbox-ready', 'ok', 'held before and after the solution'],
      ['service-exists', 'ok', 'failed before, passed after the solution'],
      ['selector-right', 'ok', 'failed before, passed after the solution'],
      ['cluster-ip', 'ok', 'failed before, passed after the solution'],
    ]);
    expect(report.steps[1]!.checks[0]!.precondition).toBe(true);
    expect(report.steps[1]!.checks[3]!.kind).toBe('question');
    expect(report.steps[1]!.fixtures.map((fixture) => [fixture.name, fixture.verdict, fixture.reason])).toEqual([
      ['selector-right/typo', 'ok', 'rejected by selector-right'],
      ['selector-right/no-jumpbox', 'ok', 'rejected by selector-right'],
      ['cluster-ip/wrong-ip', 'ok', 'rejected by cluster-ip'],
    ]);
    const summary = summarize([report], 100);
    expect(summary).toMatchObject({
      labs: 1,
      steps: 2,
      checksVerified: 5,
      fixturesVerified: 3,
      violations: 0,
      errors: 0,
      skipped: 0,
    });
    expect(testPassed(summary)).toBe(true);
    // Nothing of the lab is left behind.
    expect([...fake.facts]).toEqual([]);
  });

  it('grades fixtures on the solved previous step, restores the state, then applies the step solution', async () => {
    const fake = world();
    await runLabTest(lab, options, depsFor(fake));
    expect(fake.log).toEqual([
      'reset',
      'grade scene answers={}',
      'solve scene',
      'grade scene answers={}',
      'grade create-service answers={}',
      // Created new objects only: deleting them restores the state.
      'fixture typo',
      'grade create-service only=selector-right answers={}',
      'remove fixture',
      // Deleted an object of an earlier step: reset and replay.
      'fixture no jumpbox',
      'grade create-service only=selector-right answers={}',
      'reset',
      'solve scene',
      'fixture wrong ip',
      'grade create-service only=cluster-ip answers={"cluster-ip":"10.0.0.1"}',
      'remove fixture',
      'solve create-service',
      'grade create-service answers={"cluster-ip":"10.96.0.10"}',
      'reset',
    ]);
  });

  it('reports events in order and step timings', async () => {
    const events: LabTestEvent['type'][] = [];
    const report = await runLabTest(lab, options, { ...depsFor(world()), onEvent: (event) => events.push(event.type) });
    expect(events).toEqual(['lab-start', 'reset', 'step', 'step', 'lab-end']);
    const timings = report.steps[1]!.timings;
    expect(timings.beforeMs).toBeGreaterThan(0);
    expect(timings.fixturesMs).toBeGreaterThan(0);
    expect(timings.solutionMs).toBeGreaterThan(0);
    expect(timings.afterMs).toBeGreaterThan(0);
    expect(report.durationMs).toBeGreaterThan(report.steps[1]!.durationMs);
  });

  it('leaves the cluster as it is with keep', async () => {
    const fake = world();
    const report = await runLabTest(lab, { ...options, keep: true }, depsFor(fake));
    expect(report.cleanedUp).toBe(false);
    expect(fake.log.at(-1)).toBe('grade create-service answers={"cluster-ip":"10.96.0.10"}');
    expect(fake.facts.has('svc')).toBe(true);
  });
});

describe('runLabTest catches broken labs', () => {
  it('catches a check that passes before the solution is applied', async () => {
    const fake = world({ checks: { ...goodChecks, 'service-exists': (facts) => !facts.has('never') } });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.status).toBe('violated');
    const check = report.steps[1]!.checks.find((c) => c.id === 'service-exists')!;
    expect(check.verdict).toBe('violated');
    expect(check.reason).toBe('passed before the solution was applied: the check is broken');
    expect(check.before?.status).toBe('pass');
    expect(summarize([report], 1)).toMatchObject({ violations: 1, checksVerified: 4 });
  });

  it('catches a check that does not pass after the solution, with its message', async () => {
    const fake = world({ checks: { ...goodChecks, 'selector-right': (facts) => facts.has('svc2') } });
    const report = await runLabTest(lab, options, depsFor(fake));
    const check = report.steps[1]!.checks.find((c) => c.id === 'selector-right')!;
    expect(check.verdict).toBe('violated');
    expect(check.reason).toBe('did not pass after the solution: selector-right fail');
  });

  it('catches a reference answer the question does not accept', async () => {
    const fake = world({ answers: { 'create-service': { 'cluster-ip': '10.96.0.99' } } });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.steps[1]!.checks.find((c) => c.id === 'cluster-ip')).toMatchObject({
      verdict: 'violated',
      reason: 'did not pass after the solution: cluster-ip fail',
    });
  });

  it('requires a precondition to hold before and after', async () => {
    const before = await runLabTest(lab, options, depsFor(world({ preconditions: ['jumpbox-running'] })));
    expect(before.steps[0]!.checks[0]).toMatchObject({
      verdict: 'violated',
      reason: 'precondition did not hold before the solution: jumpbox-running fail',
    });

    const after = await runLabTest(
      lab,
      options,
      depsFor(world({ solutions: { scene: ['jumpbox'], 'create-service': ['svc', '-jumpbox'] } })),
    );
    expect(after.steps[1]!.checks[0]).toMatchObject({
      verdict: 'violated',
      reason: 'precondition no longer held after the solution: jumpbox-ready fail',
    });
  });

  it('catches a check that accepts a wrong answer from a fixture', async () => {
    const fake = world({
      checks: { ...goodChecks, 'selector-right': (facts) => facts.has('svc') || facts.has('svc-typo') },
    });
    const report = await runLabTest(lab, options, depsFor(fake));
    const typo = report.steps[1]!.fixtures.find((fixture) => fixture.name === 'selector-right/typo')!;
    expect(typo.verdict).toBe('violated');
    expect(typo.reason).toBe('selector-right accepted a wrong answer: typo');
    expect(typo.rejects).toEqual([
      { id: 'selector-right', status: 'pass', message: 'selector-right pass', verdict: 'violated' },
    ]);
    expect(report.status).toBe('violated');
    // The real solution still ran on a restored state, so the step's own checks are sound.
    expect(report.steps[1]!.checks.every((check) => check.verdict === 'ok')).toBe(true);
  });

  it('reports a fixture that cannot be applied as a violation and rebuilds the state', async () => {
    const fake = world({ fixtureFacts: { typo: ['FAIL'], 'no jumpbox': ['-jumpbox', 'svc-typo'], 'wrong ip': [] } });
    const report = await runLabTest(lab, { ...options, fixtures: [fixtures[0]!] }, depsFor(fake));
    expect(report.steps[1]!.fixtures[0]).toMatchObject({
      verdict: 'violated',
      reason: 'the fixture could not be applied: fixture: kubectl apply failed: invalid',
    });
    expect(fake.log.slice(fake.log.indexOf('fixture typo'))).toEqual([
      'fixture typo',
      'reset',
      'solve scene',
      'solve create-service',
      'grade create-service answers={"cluster-ip":"10.96.0.10"}',
      'reset',
    ]);
  });

  it('stops the lab when a solution does not apply, without judging later steps', async () => {
    const fake = world({ solutions: { scene: ['FAIL'], 'create-service': ['svc'] } });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.status).toBe('violated');
    expect(report.steps[0]).toMatchObject({
      status: 'violated',
      solutionError: 'the reference solution could not be applied: kubectl apply of solutions/scene failed: denied',
    });
    expect(report.steps[0]!.checks[0]).toMatchObject({
      verdict: 'error',
      reason: 'not graded after the solution: the solution did not apply',
    });
    expect(report.steps[1]!.status).toBe('not-run');
    expect(summarize([report], 1)).toMatchObject({ steps: 1, violations: 1, errors: 1 });
    expect(report.cleanedUp).toBe(true);
  });

  it('counts data-plane checks as skipped, apart from verified ones', async () => {
    const fake = world({ checks: { ...goodChecks, 'jumpbox-running': () => 'skip' } });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.steps[0]!.checks[0]).toMatchObject({ verdict: 'skipped', reason: 'needs a data plane: fake' });
    expect(report.status).toBe('ok');
    const summary = summarize([report], 1);
    expect(summary).toMatchObject({ skipped: 1, checksVerified: 4, violations: 0 });
    expect(testPassed(summary)).toBe(true);
  });

  it('reports a checker that crashes as an error, which fails the run', async () => {
    const fake = world({
      checks: { ...goodChecks, 'selector-right': (facts) => (facts.has('svc') ? 'error' : false) },
    });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.steps[1]!.checks.find((c) => c.id === 'selector-right')).toMatchObject({
      verdict: 'error',
      reason: 'could not run after the solution: the checker failed: boom',
    });
    expect(report.status).toBe('error');
    expect(testPassed(summarize([report], 1))).toBe(false);
  });

  it('records a lab that cannot be reset and goes no further', async () => {
    const fake = world({ resetError: new Error('kubectl exploded') });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report).toMatchObject({ status: 'error', error: 'could not reset the lab: kubectl exploded', steps: [] });
  });

  it('records a failed reset after a fixture as an error on the step, and goes on to clean up', async () => {
    // Reset 1 prepares the lab; reset 2 restores the state after the "no jumpbox" fixture.
    const fake = world({
      resetError: new FakeApplyFailure('kubectl delete namespace svc-lab: denied'),
      resetErrorOnCall: 2,
    });
    const events: LabTestEvent['type'][] = [];
    const report = await runLabTest(lab, options, { ...depsFor(fake), onEvent: (event) => events.push(event.type) });
    const step = report.steps[1]!;
    expect(step.status).toBe('error');
    expect(step.error).toBe(
      'could not restore the state after fixture selector-right/no-jumpbox: kubectl delete namespace svc-lab: denied',
    );
    expect(step.fixtures.map((fixture) => [fixture.name, fixture.verdict, fixture.reason])).toEqual([
      ['selector-right/typo', 'ok', 'rejected by selector-right'],
      [
        'selector-right/no-jumpbox',
        'error',
        'rejected by selector-right; the state could not be restored afterwards: kubectl delete namespace svc-lab: denied',
      ],
    ]);
    expect(step.checks.find((check) => check.id === 'service-exists')).toMatchObject({
      verdict: 'error',
      reason: 'not graded after the solution: the state could not be restored after a fixture',
    });
    // Neither the remaining fixture nor the step's solution ran on the unknown state; the lab is still cleaned up.
    expect(fake.log.slice(fake.log.indexOf('fixture no jumpbox'))).toEqual([
      'fixture no jumpbox',
      'grade create-service only=selector-right answers={}',
      'reset',
      'reset',
    ]);
    expect(report).toMatchObject({ status: 'error', cleanedUp: true });
    expect(events).toEqual(['lab-start', 'reset', 'step', 'step', 'lab-end']);
    expect(testPassed(summarize([report], 1))).toBe(false);
  });

  it('records a failed replay after a fixture as an error, and the next lab still runs', async () => {
    const fake = world({ solveError: { step: 'scene', call: 2, error: new Error('solve.sh: exit code 1') } });
    const first = await runLabTest(lab, options, depsFor(fake));
    expect(first.steps[1]).toMatchObject({
      status: 'error',
      error: 'could not restore the state after fixture selector-right/no-jumpbox: solve.sh: exit code 1',
    });
    expect(first.steps[1]!.fixtures[1]).toMatchObject({ verdict: 'error' });
    const second = await runLabTest(lab, options, depsFor(world()));
    expect(second.status).toBe('ok');
  });

  it('keeps a violation found by a fixture when the state cannot be restored after it', async () => {
    const fake = world({
      checks: { ...goodChecks, 'selector-right': (facts) => facts.has('svc') || facts.has('svc-typo') },
      resetError: new Error('timed out'),
      resetErrorOnCall: 2,
    });
    const report = await runLabTest(lab, options, depsFor(fake));
    expect(report.steps[1]!.fixtures[1]).toMatchObject({
      verdict: 'violated',
      reason:
        'selector-right accepted a wrong answer: no jumpbox; the state could not be restored afterwards: timed out',
    });
    expect(report.status).toBe('violated');
  });

  it('stops the whole run when the cluster becomes unusable', async () => {
    const fake = world({ resetError: environmentError('the cluster cannot be reached', 'labs doctor') });
    await expect(runLabTest(lab, options, depsFor(fake))).rejects.toThrow('the cluster cannot be reached');
    const grading = world({ gradeError: environmentError('forbidden', 'check RBAC') });
    await expect(runLabTest(lab, options, depsFor(grading))).rejects.toThrow('forbidden');
  });
});

describe('runLabTest on a cluster without a data plane', () => {
  it('counts a fixture its API checks rejected as verified, even when a data-plane check it names is skipped', async () => {
    const twoChecks = fakeLab('dp-lab', [{ id: 'only', checks: ['api-check', 'traffic-check'] }]);
    const fake = fakeWorld({
      checks: { 'api-check': (facts) => facts.has('good'), 'traffic-check': () => 'skip' },
      solutions: { only: ['good'] },
      fixtureFacts: { wrong: ['bad'] },
    });
    const fixture = fakeFixture('api-check/wrong', {
      description: 'wrong',
      step: 'only',
      rejects: ['api-check', 'traffic-check'],
    });
    const report = await runLabTest(twoChecks, { vars: {}, fixtures: [fixture], keep: false }, depsFor(fake));
    expect(report.steps[0]!.fixtures[0]).toMatchObject({
      verdict: 'ok',
      reason: 'rejected by api-check; traffic-check skipped: needs a data plane: fake',
    });
    expect(summarize([report], 1)).toMatchObject({ fixturesVerified: 1, skipped: 1, checksVerified: 1 });
  });
});

describe('step setup in labs test', () => {
  it('applies a step setup before grading "before", and again after restoring from a fixture', async () => {
    const lab = fakeLab('setup-lab', [
      { id: 'one', checks: ['fixed-one'] },
      { id: 'two', checks: ['fixed-two'] },
    ]);
    lab.steps[0]!.setup = { manifests: ['assets/broken-one.yaml'] };
    lab.steps[1]!.setup = { manifests: ['assets/broken-two.yaml'] };
    const world = fakeWorld({
      checks: { 'fixed-one': (facts) => facts.has('one-fixed'), 'fixed-two': (facts) => facts.has('two-fixed') },
      solutions: { one: ['one-fixed', '-one-broken'], two: ['two-fixed', '-two-broken'] },
      fixtureFacts: { 'mistake fixed-two/wrong': ['-two-broken'] },
    });
    world.applier.applySetup = async (_lab, stepId) => {
      world.log.push(`setup ${stepId}`);
      world.facts.add(`${stepId}-broken`);
    };
    const fixture = fakeFixture('fixed-two/wrong', { step: 'two', rejects: ['fixed-two'] });
    const report = await runLabTest(lab, { vars: {}, fixtures: [fixture], keep: true }, depsFor(world));
    expect(report.status).toBe('ok');
    expect(world.log).toEqual([
      'reset',
      'setup one',
      'grade one answers={}',
      'solve one',
      'grade one answers={}',
      'setup two',
      'grade two answers={}',
      'fixture mistake fixed-two/wrong',
      'grade two only=fixed-two answers={}',
      // It deleted an object the setup made: reset, replay step one with its setup, then step two's.
      'reset',
      'setup one',
      'solve one',
      'setup two',
      'solve two',
      'grade two answers={}',
    ]);
  });
});

describe('labs test --step', () => {
  it('replays the earlier steps untested, tests the one asked for, and runs none after it', async () => {
    const lab = fakeLab('partial', [
      { id: 'one', checks: ['c1'] },
      { id: 'two', checks: ['c2'] },
      { id: 'three', checks: ['c3'] },
    ]);
    const world = fakeWorld({
      checks: { c1: (f) => f.has('one'), c2: (f) => f.has('two'), c3: (f) => f.has('three') },
      solutions: { one: ['one'], two: ['two'], three: ['three'] },
    });
    const report = await runLabTest(lab, { vars: {}, fixtures: [], keep: true, onlyStep: 'two' }, depsFor(world));
    expect(world.log).toEqual(['reset', 'solve one', 'grade two answers={}', 'solve two', 'grade two answers={}']);
    expect(report.steps.map((step) => `${step.id}:${step.status}`)).toEqual(['one:not-run', 'two:ok', 'three:not-run']);
    expect(report.status).toBe('ok');
  });
});
