/**
 * One roster row per attendee, from their ledger and a live grading of their current step: the
 * instructor sees who is where, what they used, and who has made no progress for a while.
 */
import type { Lab } from '../lab.js';
import type { StepReport } from '../grading/types.js';
import type { Ledger } from './ledger.js';

export interface RosterRow {
  attendee: string;
  namespace: string;
  /** Current step id and its 1-based position. */
  step: string;
  stepNumber: number;
  steps: number;
  /** Checks of the current step passing now (live), and how many it has. */
  checksPassed: number;
  checks: number;
  /** Grading failed to run (e.g. the namespace is gone). */
  gradeError?: string;
  /** Questions answered right, over the lab. */
  questionsRight: number;
  questions: number;
  hints: number;
  solutions: number;
  /** Seconds on the current step, when known. */
  secondsOnStep?: number;
  lastActivity?: string;
  stuck: boolean;
  /** Steps passed or skipped. */
  done: number;
}

const times = (ledger: Ledger): string[] =>
  Object.values(ledger.steps).flatMap((step) =>
    [
      step.firstCheckAt,
      step.lastCheckAt,
      step.passedAt,
      step.solutionRevealedAt,
      step.solutionAppliedAt,
      ...step.hints.map((hint) => hint.at),
      ...Object.values(step.answers).map((answer) => answer.at),
    ].filter((at): at is string => typeof at === 'string'),
  );

const latest = (values: readonly (string | undefined)[]): string | undefined =>
  values
    .filter((value): value is string => !!value)
    .sort()
    .at(-1);

export interface RowInput {
  attendee: string;
  namespace: string;
  lab: Lab;
  ledger: Ledger | undefined;
  report: StepReport | undefined;
  gradeError?: string;
  now: Date;
  stuckAfterMs: number;
}

/** The step the attendee is on: the ledger's, else the first. */
export const currentStepOf = (lab: Lab, ledger: Ledger | undefined): string =>
  ledger?.currentStep && lab.steps.some((step) => step.id === ledger.currentStep)
    ? ledger.currentStep
    : lab.steps[0]!.id;

export function rosterRow(input: RowInput): RosterRow {
  const { lab, ledger, report, now } = input;
  const stepId = report?.step ?? currentStepOf(lab, ledger);
  const index = lab.steps.findIndex((step) => step.id === stepId);
  const step = lab.steps[index]!;
  const steps = Object.values(ledger?.steps ?? {});
  const checks = report?.checks.filter((check) => check.kind === 'check') ?? [];
  const questions = lab.steps.reduce((sum, s) => sum + s.questions.length, 0);
  const previous = lab.steps.slice(0, index).map((s) => ledger?.steps[s.id]);
  // On this step since the previous one ended, else since the first thing done on it.
  const since =
    latest(previous.flatMap((s) => [s?.passedAt, s?.solutionAppliedAt])) ??
    ledger?.startedAt ??
    latest([ledger?.steps[stepId]?.firstCheckAt]);
  const lastActivity = ledger ? latest(times(ledger)) : undefined;
  const secondsOnStep = since ? Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000)) : undefined;
  // No progress: on the same step, not passing, for longer than the threshold.
  const stuck = report?.status !== 'passed' && secondsOnStep !== undefined && secondsOnStep * 1000 > input.stuckAfterMs;
  return {
    attendee: input.attendee,
    namespace: input.namespace,
    step: step.id,
    stepNumber: index + 1,
    steps: lab.steps.length,
    checksPassed: checks.filter((check) => check.status === 'pass').length,
    checks: step.checks.length,
    ...(input.gradeError ? { gradeError: input.gradeError } : {}),
    questionsRight: steps.reduce(
      (sum, s) => sum + Object.values(s.answers).filter((answer) => answer.correct === true).length,
      0,
    ),
    questions,
    hints: steps.reduce((sum, s) => sum + s.hints.length, 0),
    solutions: steps.filter((s) => s.solutionRevealedAt || s.solutionAppliedAt).length,
    ...(secondsOnStep !== undefined ? { secondsOnStep } : {}),
    ...(lastActivity ? { lastActivity } : {}),
    stuck,
    done: steps.filter((s) => s.status === 'passed' || s.status === 'skipped').length,
  };
}

export type RosterSort = 'stuck' | 'name' | 'step';

/** Stuck first (then the furthest behind), by name, or by step. */
export function sortRoster(rows: readonly RosterRow[], by: RosterSort = 'stuck'): RosterRow[] {
  const byName = (a: RosterRow, b: RosterRow): number => a.attendee.localeCompare(b.attendee);
  const byStep = (a: RosterRow, b: RosterRow): number => a.stepNumber - b.stepNumber || byName(a, b);
  return [...rows].sort((a, b) =>
    by === 'name' ? byName(a, b) : by === 'step' ? byStep(a, b) : Number(b.stuck) - Number(a.stuck) || byStep(a, b),
  );
}

/** What an instructor notices changing in a row; times that only tick are left out. */
export const rowSignature = (row: RosterRow): string =>
  JSON.stringify({ ...row, secondsOnStep: undefined, lastActivity: row.lastActivity });
