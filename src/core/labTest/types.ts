/**
 * The report of `labs test` and the ports its run plan works through. A lab passes when every
 * check fails before its step's reference solution and passes after it (preconditions pass both
 * times), and every wrong-answer fixture is rejected by the checks it names.
 */
import type { Lab } from '../lab.js';
import type { CheckStatus, Grader } from '../grading/types.js';
import type { Fixture } from '../schema.js';

/** ok: the rule held. violated: the lab is broken. skipped: the cluster cannot run it. error: it could not run. */
export type Verdict = 'ok' | 'violated' | 'skipped' | 'error';

/** One grading of one check, as `labs test` saw it. */
export interface Observation {
  status: CheckStatus;
  message: string;
  durationMs: number;
}

export interface CheckVerdict {
  id: string;
  title: string;
  kind: 'check' | 'question';
  /** Expected to pass both before and after the solution. */
  precondition: boolean;
  /** Graded on the state the step starts from. */
  before: Observation | undefined;
  /** Graded after the step's reference solution; absent when the solution did not apply. */
  after: Observation | undefined;
  verdict: Verdict;
  /** What happened, e.g. "failed before, passed after", or why the rule was violated. */
  reason: string;
}

export interface RejectVerdict {
  id: string;
  status: CheckStatus;
  message: string;
  verdict: Verdict;
  /** The message the fixture expected (`failsWith`), when the check failed with another one. */
  expected?: string;
}

export interface FixtureVerdict {
  /** `<check-dir>/<file name without extension>`, e.g. "service-endpoints/selector-typo". */
  name: string;
  file: string;
  description: string;
  step: string;
  verdict: Verdict;
  reason: string;
  rejects: RejectVerdict[];
  durationMs: number;
}

export type StepStatus = 'ok' | 'violated' | 'error' | 'not-run';

export interface StepTestReport {
  id: string;
  title: string;
  status: StepStatus;
  checks: CheckVerdict[];
  fixtures: FixtureVerdict[];
  /** Set when the reference solution could not be applied. */
  solutionError?: string;
  /** Set when grading could not run at all. */
  error?: string;
  timings: { beforeMs: number; fixturesMs: number; solutionMs: number; afterMs: number };
  durationMs: number;
}

export type LabStatus = 'ok' | 'violated' | 'error';

export interface LabTestReport {
  lab: string;
  title: string;
  status: LabStatus;
  vars: Record<string, string>;
  steps: StepTestReport[];
  /** Set when the lab could not be reset or cleaned up. */
  error?: string;
  timings: { resetMs: number; cleanupMs: number };
  /** False with --keep: the cluster was left as the last step made it. */
  cleanedUp: boolean;
  durationMs: number;
}

/** A wrong-answer fixture read from checkers/<lab>/fixtures/<check>/<name>.yaml. */
export interface LoadedFixture {
  name: string;
  file: string;
  fixture: Fixture;
}

/** What applying a fixture changed, so it can be undone. */
export interface AppliedFixture {
  /**
   * True when the fixture deleted nothing and every object it applied was new: deleting those
   * objects restores the state. Otherwise the lab is reset and earlier solutions are replayed.
   */
  createdOnly: boolean;
  /** The rendered manifests that were applied (YAML), for deleting them again. */
  manifests: string;
}

/**
 * Changes the cluster on behalf of `labs test`. Rejections: an environment UserError when the
 * cluster is unusable (the run stops, exit 3); an `ApplyFailure` when kubectl or a script
 * rejected the lab's content (recorded as a violation of the lab).
 */
export interface LabApplier {
  reset(lab: Lab, vars: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<void>;
  /** Applies a step's reference solution; resolves to its reference answers by question id. */
  applySolution(
    lab: Lab,
    stepId: string,
    vars: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<Record<string, string>>;
  applyFixture(
    lab: Lab,
    fixture: Fixture,
    vars: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<AppliedFixture>;
  /** Applies the setup of a step (its `setup:`), before the step begins. Absent: no step has one. */
  applySetup?(lab: Lab, stepId: string, vars: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<void>;
  /** Deletes what `applyFixture` created (only called when `createdOnly`). */
  removeFixture(lab: Lab, applied: AppliedFixture, signal?: AbortSignal): Promise<void>;
}

/** The content of a lab did not apply: kubectl rejected a manifest, or solve.sh failed. */
export interface ApplyFailure extends Error {
  readonly failedToApply: true;
}

export function isApplyFailure(error: unknown): error is ApplyFailure {
  return error instanceof Error && (error as Partial<ApplyFailure>).failedToApply === true;
}

export type LabTestEvent =
  | { type: 'lab-start'; lab: Lab }
  | { type: 'reset'; lab: Lab; durationMs: number }
  | { type: 'step'; lab: Lab; step: StepTestReport }
  | { type: 'lab-end'; lab: Lab; report: LabTestReport };

export interface LabTestDeps {
  grader: Grader;
  applier: LabApplier;
  /** Whether a check declares `precondition: true` (read from its checker). */
  isPrecondition(lab: Lab, checkId: string): Promise<boolean>;
  /** Milliseconds from any fixed point; injected so tests get stable durations. */
  now(): number;
  onEvent?(event: LabTestEvent): void;
}

export interface LabTestOptions {
  vars: Readonly<Record<string, string>>;
  fixtures: readonly LoadedFixture[];
  /** Leave the cluster as it is after the last step instead of cleaning up. */
  keep: boolean;
  /**
   * Test this step only (`labs test --step`): earlier steps are replayed (setup and solution)
   * without being tested, later ones are not run. A partial run does not prove the lab.
   */
  onlyStep?: string;
  signal?: AbortSignal;
}
