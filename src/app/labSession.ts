/**
 * A lab session, the role rustlings' AppState plays: one lab with its variables, the learner's
 * progress store and a way to open the cluster. Every verb of the command line (and, through
 * guideServices.ts, of the terminal guide) is a method here, so a task is written once: which step,
 * what is graded, what the progress file records.
 */
import { suggestion } from '../core/didYouMean.js';
import { environmentError, inputError, isUserError } from '../errors.js';
import type { Lab, Step } from '../core/lab.js';
import type { SolutionFile } from '../core/labFiles.js';
import { describeOwned, ownedTargets } from '../core/labNamespaces.js';
import {
  type LabProgress,
  recordAnswer,
  recordExplanation,
  recordGrading,
  recordHint,
  stepProgress,
} from '../core/progress.js';
import type { ObjectExplanation } from '../core/explain/explainStep.js';
import { afterJump, afterSolve } from '../core/progressChanges.js';
import { resolveStep } from '../core/progressSummary.js';
import { answersOf, gradeOptionsFor, type HintChoice, hintToShow } from '../core/grading/stepInputs.js';
import type { CheckReport, StepReport } from '../core/grading/types.js';
import type { WatchStepOptions } from '../core/grading/watchStep.js';
import type { ProgressStore } from '../adapters/fs/progressStore.js';
import type { RebuildEvent } from '../adapters/solutions/rebuildAtStep.js';
import type { ResetResult } from '../adapters/solutions/resetLab.js';
import { readSolutionFiles } from '../adapters/solutions/solutionFiles.js';
import type { LabCluster } from './labCluster.js';

export type { RebuildEvent, ResetResult };

export interface LabSessionInputs {
  lab: Lab;
  vars: Record<string, string>;
  store: ProgressStore;
  /** Opens the cluster the session works on (the context is already chosen); called once at most. */
  openCluster(): Promise<LabCluster>;
  now?: () => Date;
}

/** Steps graded by `check`, with how long it took. */
export interface CheckResult {
  reports: StepReport[];
  durationMs: number;
  started: Date;
}

export interface AnswerResult {
  step: Step;
  prompt: string;
  result: CheckReport;
}

export interface SolveResult {
  answers: Record<string, string>;
  /** passed when the learner had passed the step before, else skipped. */
  recordedAs: string;
  /** Where the learner is now: the next step, or this one after the last. */
  currentStep: string | undefined;
}

export interface LabSession {
  readonly lab: Lab;
  readonly vars: Readonly<Record<string, string>>;
  /** The learner's stored progress in this lab. */
  progress(): LabProgress;
  /** The named step (an input error when there is none), else where the learner is. */
  step(stepId?: string): Step;
  /** What a reset deletes, in words; refuses (input error) a protected namespace. */
  owned(): string;
  /** Makes this the lab that commands without a lab argument work on. */
  markCurrent(): void;
  /** The cluster, opened on first use and kept until `close`. */
  cluster(): Promise<LabCluster>;
  /**
   * Grades the steps at once. `publish` sees the result before it is recorded, so a report that
   * cannot be written leaves progress untouched. Undefined when interrupted.
   */
  check(
    steps: readonly Step[],
    options: { signal: AbortSignal; publish(result: CheckResult): void },
  ): Promise<CheckResult | undefined>;
  /** Re-grades one step on every change (cluster or answers) until it settles; the last report. */
  watch(
    step: Step,
    options: { signal: AbortSignal } & Pick<WatchStepOptions, 'onReport' | 'onNote'>,
  ): Promise<StepReport | undefined>;
  /** The next hint of a step, recorded as seen. */
  hint(step: Step): HintChoice | undefined;
  /** Where the learner's objects differ from the step's reference solution; recorded like a hint. */
  explain(step: Step): Promise<ObjectExplanation[]>;
  /** Grades and records an answer. Undefined when interrupted; throws when it could not be graded (it is still recorded). */
  answer(questionId: string, value: string, signal: AbortSignal): Promise<AnswerResult | undefined>;
  /** The files of a step's reference solution, to show; none when it has no solution. */
  revealSolution(stepId: string): SolutionFile[];
  /** Applies a step's reference solution and records the step as skipped (unless passed). */
  solve(step: Step, options: { signal: AbortSignal; onLine(line: string): void }): Promise<SolveResult>;
  /** Rebuilds the cluster at the start of a step; earlier steps are recorded as skipped. */
  rebuildAt(
    step: Step,
    options: { signal: AbortSignal; onEvent?(event: RebuildEvent): void; onLine?(line: string): void },
  ): Promise<Record<string, Record<string, string>>>;
  /** Deletes what the lab owns and clears the learner's progress in it. */
  reset(options: { signal: AbortSignal; onLine?(line: string): void }): Promise<ResetResult>;
  /** Closes the cluster, if it was opened. */
  close(): void;
}

export function createLabSession(inputs: LabSessionInputs): LabSession {
  const { lab, vars, store } = inputs;
  const now = (): string => (inputs.now?.() ?? new Date()).toISOString();
  let opened: Promise<LabCluster> | undefined;
  let closed = false;

  const markCurrent = (): void => {
    if (store.currentLab() !== lab.id || store.currentLabDir(lab.id) !== lab.dir) store.setCurrentLab(lab.id, lab.dir);
  };
  const cluster = (): Promise<LabCluster> => {
    opened ??= inputs.openCluster().then((labCluster) => {
      if (closed) labCluster.close();
      return labCluster;
    });
    return opened;
  };
  // A run that could not grade (an error) says nothing about the step.
  const recordChecks = (reports: readonly StepReport[]): void => {
    const at = now();
    const graded = reports.filter((report) => report.status !== 'error');
    if (graded.length === 0) return;
    store.update(lab.id, (progress) =>
      graded.reduce((next: LabProgress, report) => recordGrading(next, report.step, report.status, at), progress),
    );
  };

  return {
    lab,
    vars,
    progress: () => store.load(lab.id),
    step: (stepId) => resolveStep(lab, store.load(lab.id), stepId),
    owned: () => describeOwned(ownedTargets(lab, vars), lab.where),
    markCurrent,
    cluster,

    async check(steps, { signal, publish }) {
      const { grader } = await cluster();
      markCurrent();
      const progress = store.load(lab.id);
      const started = new Date();
      const reports = await Promise.all(
        steps.map((step) => grader.gradeStep(lab, step.id, gradeOptionsFor(step, progress, vars, signal))),
      );
      const result = { reports, durationMs: Date.now() - started.getTime(), started };
      if (signal.aborted) return undefined;
      publish(result);
      recordChecks(reports);
      return result;
    },

    async watch(step, { signal, onReport, onNote }) {
      const labCluster = await cluster();
      markCurrent();
      const progress = store.load(lab.id);
      // Answers given with `labs answer` in another terminal land in the progress store: re-grade then.
      let lastAnswers = JSON.stringify(answersOf(progress, step.id));
      const currentAnswers = (): Record<string, string> => answersOf(store.load(lab.id), step.id);
      const stopStoreWatch = new AbortController();
      let last: StepReport | undefined;
      try {
        last = await labCluster.watch(lab, step.id, {
          ...gradeOptionsFor(step, progress, vars, signal),
          currentAnswers,
          onReady(regrade) {
            store.watch(
              lab.id,
              () => {
                const answers = JSON.stringify(currentAnswers());
                if (answers === lastAnswers) return;
                lastAnswers = answers;
                regrade();
              },
              stopStoreWatch.signal,
            );
          },
          onReport: (report, changed) => {
            last = report;
            onReport(report, changed);
          },
          ...(onNote ? { onNote } : {}),
        });
      } catch (error) {
        if (!signal.aborted) throw error;
      } finally {
        stopStoreWatch.abort();
      }
      if (last && last.status !== 'error') recordChecks([last]);
      return last;
    },

    async explain(step) {
      const explanations = await (await cluster()).explain(lab, step.id, vars);
      store.update(lab.id, (current) => recordExplanation(current, step.id, now()));
      return explanations;
    },

    hint(step) {
      const hint = hintToShow(step, store.load(lab.id), vars);
      if (hint && !hint.allSeen) store.update(lab.id, (current) => recordHint(current, step.id, hint.tier, now()));
      markCurrent();
      return hint;
    },

    async answer(questionId, value, signal) {
      const { step, prompt } = findQuestion(lab, questionId);
      let result: CheckReport;
      try {
        const { grader } = await cluster();
        const report = await grader.gradeStep(lab, step.id, {
          answers: { [questionId]: value },
          vars,
          only: [questionId],
          signal,
        });
        result = report.checks[0]!;
      } catch (error) {
        if (!isUserError(error) || error.kind !== 'environment') throw error;
        result = {
          id: questionId,
          title: prompt,
          kind: 'question',
          status: 'error',
          message: error.message,
          errorKind: 'environment',
          durationMs: 0,
          ...(error.nextStep ? { next: error.nextStep } : {}),
        };
      }
      if (signal.aborted) return undefined;
      const correct = result.status === 'pass' ? true : result.status === 'fail' ? false : undefined;
      store.update(lab.id, (progress) => recordAnswer(progress, step.id, questionId, value, correct, now()));
      markCurrent();
      if (result.status === 'error') {
        throw environmentError(
          `your answer was recorded, but it could not be graded now: ${result.message}`,
          result.next ?? 'it will be graded at the next `labs check`',
        );
      }
      return { step, prompt, result };
    },

    revealSolution(stepId) {
      try {
        return readSolutionFiles(lab, stepId) ?? [];
      } catch {
        return [];
      }
    },

    async solve(step, { signal, onLine }) {
      const answers = await (await cluster()).solve(lab, step.id, vars, { signal, onLine });
      const progress = store.update(lab.id, (current) => afterSolve(lab, current, step.id, answers, now()));
      store.setCurrentLab(lab.id, lab.dir);
      return {
        answers,
        recordedAs: stepProgress(progress, step.id).status,
        currentStep: progress.currentStep,
      };
    },

    async rebuildAt(step, { signal, onEvent, onLine }) {
      const answersByStep = await (
        await cluster()
      ).rebuild(lab, step.id, vars, {
        signal,
        ...(onEvent ? { onEvent } : {}),
        ...(onLine ? { onLine } : {}),
      });
      store.update(lab.id, (progress) => afterJump(lab, progress, step.id, answersByStep, now()));
      store.setCurrentLab(lab.id, lab.dir);
      return answersByStep;
    },

    async reset({ signal, onLine }) {
      const removed = await (await cluster()).reset(lab, vars, { signal, ...(onLine ? { onLine } : {}) });
      store.remove(lab.id);
      return removed;
    },

    close() {
      closed = true;
      void opened?.then(
        (labCluster) => labCluster.close(),
        () => undefined,
      );
    },
  };
}

function findQuestion(lab: Lab, questionId: string): { step: Step; prompt: string } {
  for (const step of lab.steps) {
    const question = step.questions.find((q) => q.id === questionId);
    if (question) return { step, prompt: question.prompt };
  }
  const ids = lab.steps.flatMap((step) => step.questions.map((q) => q.id));
  throw inputError(
    `lab "${lab.id}" has no question "${questionId}"`,
    ids.length ? suggestion(questionId, ids, 'its questions') : 'this lab asks no questions',
  );
}
