/**
 * The run plan of `labs test` for one lab: reset, then for each step grade the unsolved state,
 * try its wrong-answer fixtures on that same state (it is the solved previous step), apply the
 * step's reference solution and grade again; finally clean up. Pure: the grader and the applier
 * are injected.
 */
import { isUserError, messageOf } from '../../errors.js';
import { checkFileOf, type Lab, type Step } from '../lab.js';
import type { CheckReport, StepReport } from '../grading/types.js';
import { judgeCheck, observe, worstVerdict } from './rules.js';
import { fixtureTargets, judgeFixture } from './fixtureRules.js';
import {
  type CheckVerdict,
  type FixtureVerdict,
  isApplyFailure,
  type LabStatus,
  type LabTestDeps,
  type LabTestOptions,
  type LabTestReport,
  type LoadedFixture,
  type StepStatus,
  type StepTestReport,
} from './types.js';

/** Errors that mean the cluster or the run itself is unusable: they end the whole run. */
const isFatal = (error: unknown): boolean =>
  (isUserError(error) && !isApplyFailure(error)) || (error instanceof Error && error.name === 'AbortError');

export async function runLabTest(lab: Lab, options: LabTestOptions, deps: LabTestDeps): Promise<LabTestReport> {
  const { vars, signal } = options;
  const started = deps.now();
  deps.onEvent?.({ type: 'lab-start', lab });
  const report: LabTestReport = {
    lab: lab.id,
    title: lab.manifest.title,
    status: 'ok',
    vars: { ...vars },
    steps: [],
    timings: { resetMs: 0, cleanupMs: 0 },
    cleanedUp: false,
    durationMs: 0,
  };
  const finish = (): LabTestReport => {
    report.status = labStatus(report);
    report.durationMs = deps.now() - started;
    deps.onEvent?.({ type: 'lab-end', lab, report });
    return report;
  };

  const resetStarted = deps.now();
  try {
    await deps.applier.reset(lab, vars, signal);
  } catch (error) {
    if (isFatal(error)) throw error;
    report.error = `could not reset the lab: ${messageOf(error)}`;
    return finish();
  }
  report.timings.resetMs = deps.now() - resetStarted;
  deps.onEvent?.({ type: 'reset', lab, durationMs: report.timings.resetMs });

  const preconditions = await preconditionIds(lab, deps);
  let stopped = false;
  const first = options.onlyStep === undefined ? 0 : lab.steps.findIndex((step) => step.id === options.onlyStep);
  for (const [index, step] of lab.steps.entries()) {
    if (stopped || (options.onlyStep !== undefined && index > first)) {
      report.steps.push(notRun(step));
      continue;
    }
    if (index < first) {
      const replayed = await replayStep(lab, step, options, deps);
      report.steps.push(replayed);
      if (replayed.error) stopped = true;
      continue;
    }
    const fixtures = options.fixtures.filter((loaded) => loaded.fixture.step === step.id);
    const stepReport = await testStep(lab, step, lab.steps.slice(0, index), fixtures, preconditions, options, deps);
    report.steps.push(stepReport);
    deps.onEvent?.({ type: 'step', lab, step: stepReport });
    // Later steps build on this one's solution: without it their results would mean nothing.
    if (stepReport.solutionError || stepReport.error) stopped = true;
  }

  if (!options.keep) {
    const cleanupStarted = deps.now();
    try {
      await deps.applier.reset(lab, vars, signal);
      report.cleanedUp = true;
    } catch (error) {
      if (isFatal(error)) throw error;
      report.error = `could not clean up: ${messageOf(error)}`;
    }
    report.timings.cleanupMs = deps.now() - cleanupStarted;
  }
  return finish();
}

async function preconditionIds(lab: Lab, deps: LabTestDeps): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const step of lab.steps) {
    for (const id of step.checks) if (await deps.isPrecondition(lab, checkFileOf(step, id))) ids.add(id);
  }
  return ids;
}

async function testStep(
  lab: Lab,
  step: Step,
  earlier: readonly Step[],
  fixtures: readonly LoadedFixture[],
  preconditions: ReadonlySet<string>,
  options: LabTestOptions,
  deps: LabTestDeps,
): Promise<StepTestReport> {
  const { vars, signal } = options;
  const started = deps.now();
  const timings = { beforeMs: 0, fixturesMs: 0, solutionMs: 0, afterMs: 0 };
  const result: StepTestReport = {
    id: step.id,
    title: step.title,
    status: 'ok',
    checks: [],
    fixtures: [],
    timings,
    durationMs: 0,
  };
  const done = (): StepTestReport => {
    result.status = stepStatus(result);
    result.durationMs = deps.now() - started;
    return result;
  };
  const grade = async (
    answers: Readonly<Record<string, string>>,
    expectFailing?: readonly string[],
  ): Promise<StepReport> =>
    deps.grader.gradeStep(lab, step.id, {
      answers,
      vars,
      ...(signal ? { signal } : {}),
      ...(expectFailing ? { expectFailing } : {}),
    });

  let before: StepReport;
  let phase = deps.now();
  try {
    await applySetupOf(lab, step, options, deps);
  } catch (error) {
    if (isFatal(error)) throw error;
    result.solutionError = `the step's setup could not be applied: ${messageOf(error)}`;
    return done();
  }
  try {
    // Before its solution a step's checks fail, except its preconditions.
    before = await grade(
      {},
      step.checks.filter((id) => !preconditions.has(id)),
    );
  } catch (error) {
    if (isFatal(error)) throw error;
    result.error = `grading failed before the solution: ${messageOf(error)}`;
    return done();
  }
  timings.beforeMs = deps.now() - phase;

  phase = deps.now();
  for (const loaded of fixtures) {
    const tried = await testFixture(lab, step, earlier, loaded, options, deps);
    result.fixtures.push(tried.verdict);
    if (tried.restoreError === undefined) continue;
    // The step's starting state is unknown now: neither its other fixtures nor its solution mean anything.
    result.error = `could not restore the state after fixture ${loaded.name}: ${tried.restoreError}`;
    break;
  }
  timings.fixturesMs = deps.now() - phase;
  if (result.error) {
    result.checks = judgeStep(
      step,
      before,
      undefined,
      preconditions,
      'the state could not be restored after a fixture',
    );
    return done();
  }

  phase = deps.now();
  let answers: Record<string, string> | undefined;
  try {
    answers = await deps.applier.applySolution(lab, step.id, vars, signal);
  } catch (error) {
    if (isFatal(error)) throw error;
    result.solutionError = `the reference solution could not be applied: ${messageOf(error)}`;
  }
  timings.solutionMs = deps.now() - phase;

  let after: StepReport | undefined;
  if (answers) {
    phase = deps.now();
    try {
      after = await grade(answers);
    } catch (error) {
      if (isFatal(error)) throw error;
      result.error = `grading failed after the solution: ${messageOf(error)}`;
    }
    timings.afterMs = deps.now() - phase;
  }
  result.checks = judgeStep(step, before, after, preconditions);
  return done();
}

function judgeStep(
  step: Step,
  before: StepReport,
  after: StepReport | undefined,
  preconditions: ReadonlySet<string>,
  whyNotAfter?: string,
): CheckVerdict[] {
  const find = (report: StepReport | undefined, id: string): CheckReport | undefined =>
    report?.checks.find((check) => check.id === id);
  const graded = [
    ...step.checks.map((id) => ({ id, kind: 'check' as const })),
    ...step.questions.map((question) => ({ id: question.id, kind: 'question' as const })),
  ];
  return graded.map(({ id, kind }) => {
    const first = find(before, id);
    const second = find(after, id);
    const title = first?.title ?? second?.title ?? id;
    return judgeCheck(
      { id, title, kind, precondition: kind === 'check' && preconditions.has(id) },
      first ? observe(first) : undefined,
      second ? observe(second) : undefined,
      whyNotAfter,
    );
  });
}

async function testFixture(
  lab: Lab,
  step: Step,
  earlier: readonly Step[],
  loaded: LoadedFixture,
  options: LabTestOptions,
  deps: LabTestDeps,
): Promise<{ verdict: FixtureVerdict; restoreError?: string }> {
  const { vars, signal } = options;
  const { fixture } = loaded;
  const started = deps.now();
  const verdict: FixtureVerdict = {
    name: loaded.name,
    file: loaded.file,
    description: fixture.description,
    step: step.id,
    verdict: 'ok',
    reason: '',
    rejects: [],
    durationMs: 0,
  };
  let createdOnly = false;
  try {
    const applied = await deps.applier.applyFixture(lab, fixture, vars, signal);
    createdOnly = applied.createdOnly;
    const report = await deps.grader.gradeStep(lab, step.id, {
      answers: fixture.answers,
      vars,
      only: fixtureTargets(fixture),
      expectFailing: fixture.rejects,
      ...(signal ? { signal } : {}),
    });
    Object.assign(verdict, judgeFixture(fixture, report.checks));
    if (createdOnly) await deps.applier.removeFixture(lab, applied, signal);
  } catch (error) {
    if (isFatal(error)) throw error;
    verdict.verdict = isApplyFailure(error) ? 'violated' : 'error';
    verdict.reason = `the fixture could not be applied: ${messageOf(error)}`;
    createdOnly = false;
  }
  // The fixture changed or removed objects of earlier steps: rebuild the state the step starts from.
  let restoreError: string | undefined;
  if (!createdOnly) {
    try {
      await deps.applier.reset(lab, vars, signal);
      for (const previous of earlier) {
        await applySetupOf(lab, previous, options, deps);
        await deps.applier.applySolution(lab, previous.id, vars, signal);
      }
      await applySetupOf(lab, step, options, deps);
    } catch (error) {
      if (isFatal(error)) throw error;
      restoreError = messageOf(error);
      verdict.verdict = worstVerdict([verdict.verdict, 'error']);
      const restore = `the state could not be restored afterwards: ${restoreError}`;
      verdict.reason = verdict.reason ? `${verdict.reason}; ${restore}` : restore;
    }
  }
  verdict.durationMs = deps.now() - started;
  return restoreError === undefined ? { verdict } : { verdict, restoreError };
}

/** `--step`: an earlier step is brought to its solved state without being tested. */
async function replayStep(lab: Lab, step: Step, options: LabTestOptions, deps: LabTestDeps): Promise<StepTestReport> {
  const replayed = notRun(step);
  try {
    await applySetupOf(lab, step, options, deps);
    await deps.applier.applySolution(lab, step.id, options.vars, options.signal);
  } catch (error) {
    if (isFatal(error)) throw error;
    replayed.error = `could not replay the step before the one under test: ${messageOf(error)}`;
    replayed.status = 'error';
  }
  return replayed;
}

/** A step begins with its setup (`setup:` in its front matter), applied on the solved previous step. */
async function applySetupOf(lab: Lab, step: Step, options: LabTestOptions, deps: LabTestDeps): Promise<void> {
  if (step.setup) await deps.applier.applySetup?.(lab, step.id, options.vars, options.signal);
}

function notRun(step: Step): StepTestReport {
  return {
    id: step.id,
    title: step.title,
    status: 'not-run',
    checks: [],
    fixtures: [],
    timings: { beforeMs: 0, fixturesMs: 0, solutionMs: 0, afterMs: 0 },
    durationMs: 0,
  };
}

function stepStatus(step: StepTestReport): StepStatus {
  // A violation found before grading stopped still shows the lab is broken.
  const worst = worstVerdict([
    ...(step.solutionError ? (['violated'] as const) : []),
    ...(step.error ? (['error'] as const) : []),
    ...step.checks.map((check) => check.verdict),
    ...step.fixtures.map((fixture) => fixture.verdict),
  ]);
  return worst === 'violated' ? 'violated' : worst === 'error' ? 'error' : 'ok';
}

function labStatus(report: LabTestReport): LabStatus {
  if (report.steps.some((step) => step.status === 'violated')) return 'violated';
  if (report.error || report.steps.some((step) => step.status === 'error')) return 'error';
  return 'ok';
}
