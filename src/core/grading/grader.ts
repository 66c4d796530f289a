/**
 * Grades a step: loads its checkers, runs every check and question in parallel, each under its own
 * deadline, and turns outcomes and failures into CheckReports. Never reads progress for a verdict.
 */
import { setMaxListeners } from 'node:events';
import { answersMatch } from '../answers.js';
import { inputError, isUserError, messageOf } from '../../errors.js';
import { checkFileOf, type Lab, requireStep } from '../lab.js';
import type { ClusterCapabilities, ClusterReader, PodExec } from '../ports.js';
import type { Question as QuestionSpec } from '../schema.js';
import { renderTemplate } from '../template.js';
import type { Check, CheckOutcome, Need } from '../../sdk/index.js';
import { type ParamValue, resolveParams } from './checkParams.js';
import { CheckerMistake, createCheckContext, ReadLog, sharedReads } from './checkContext.js';
import { type Checker, isCheck, isQuestion } from './checkerShape.js';
import { CheckTimeoutError, DEFAULT_TIMEOUT_MS, withDeadline } from './deadline.js';
import { type CheckReport, type GradeOptions, type Grader, overallStatus } from './types.js';

export interface GraderDeps {
  reader: ClusterReader;
  podExec: PodExec;
  /** Asked only when a check needs a data plane. */
  capabilities: () => Promise<ClusterCapabilities>;
  loadChecker: (lab: Lab, id: string) => Promise<Checker>;
  now?: () => number;
}

/** One thing to grade: a check, or a question with its declaration from the step. */
type Item =
  | { id: string; kind: 'check'; file: string; args: Readonly<Record<string, ParamValue>> }
  | { id: string; kind: 'question'; file: string; spec: QuestionSpec };

type Verdict = Pick<CheckReport, 'status' | 'message' | 'hint' | 'errorKind' | 'next'>;

export const NOT_ANSWERED = 'not answered yet';

export function createGrader(deps: GraderDeps): Grader {
  const now = deps.now ?? Date.now;
  let capabilities: Promise<ClusterCapabilities> | undefined;
  // Asked once per grader; a failed probe is retried on the next run.
  const dataPlane = (): Promise<ClusterCapabilities> =>
    (capabilities ??= deps.capabilities().catch((error: unknown) => {
      capabilities = undefined;
      throw error;
    }));

  return {
    async gradeStep(lab, stepId, options) {
      const started = now();
      const step = requireStep(lab, stepId);
      let items: Item[] = [
        ...step.checks.map((id): Item => ({
          id,
          kind: 'check',
          file: checkFileOf(step, id),
          args: step.checkUses?.[id]?.with ?? {},
        })),
        ...step.questions.map((spec): Item => ({ id: spec.id, kind: 'question', file: spec.id, spec })),
      ];
      if (options.only) {
        const unknown = options.only.filter((id) => !items.some((item) => item.id === id));
        if (unknown.length > 0) {
          throw inputError(
            `step "${stepId}" has no check or question "${unknown[0]}"`,
            `it has: ${items.map((item) => item.id).join(', ') || 'none'}`,
          );
        }
        items = items.filter((item) => options.only?.includes(item.id));
      }
      // Broken checker files are an input error for the whole run, found before anything runs.
      const checkers = await Promise.all(
        items.map(async (item) => expectKind(lab, item, await deps.loadChecker(lab, item.file))),
      );
      const params = items.map((item, index) => paramsOf(lab, step.id, item, checkers[index]!, options.vars));
      const reads = new ReadLog();
      const run = runSignal(options.signal);
      const reader = sharedReads(deps.reader, run.signal);
      const runOptions = { ...options, signal: run.signal };
      const checks = await Promise.all(
        items.map((item, index) => gradeItem(item, checkers[index]!, params[index]!, runOptions, reads, reader)),
      ).finally(run.dispose);
      return {
        lab: lab.id,
        step: step.id,
        status: overallStatus(checks),
        checks,
        durationMs: now() - started,
        reads: reads.targets(),
      };
    },
  };

  async function gradeItem(
    item: Item,
    checker: Checker,
    params: Readonly<Record<string, ParamValue>>,
    options: GradeOptions,
    reads: ReadLog,
    reader: ClusterReader,
  ): Promise<CheckReport> {
    const started = now();
    const title = renderTemplate(item.kind === 'question' ? item.spec.prompt : (checker as { title: string }).title, {
      ...options.vars,
      ...Object.fromEntries(Object.entries(params).map(([name, value]) => [name, String(value)])),
    });
    const verdict = await judge(item, checker, params, options, reads, reader).catch((error: unknown) =>
      errorVerdict(error, options.signal),
    );
    const report: CheckReport = {
      id: item.id,
      title,
      kind: item.kind,
      status: verdict.status,
      message: verdict.message,
      durationMs: now() - started,
    };
    if (verdict.status === 'fail') {
      const hint = verdict.hint ?? options.stepHint;
      if (hint) report.hint = hint;
    }
    if (verdict.errorKind) report.errorKind = verdict.errorKind;
    if (verdict.next) report.next = verdict.next;
    return report;
  }

  async function judge(
    item: Item,
    checker: Checker,
    params: Readonly<Record<string, ParamValue>>,
    options: GradeOptions,
    reads: ReadLog,
    reader: ClusterReader,
  ): Promise<Verdict> {
    const answer = item.kind === 'question' ? options.answers[item.id] : undefined;
    if (item.kind === 'question' && (answer === undefined || answer.trim() === ''))
      return { status: 'fail', message: NOT_ANSWERED };
    const needs: readonly Need[] = checker.needs ?? ['api'];
    if (needs.includes('data-plane')) {
      const capabilities = await dataPlane();
      if (!capabilities.dataPlane) {
        return {
          status: 'skipped',
          message: `needs a data plane: ${capabilities.reason ?? 'this cluster cannot exec into pods or carry traffic'}`,
        };
      }
    }
    const timeoutMs = checker.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = now() + timeoutMs;
    return withDeadline(
      async (signal) => {
        const ctx = createCheckContext({
          reader,
          podExec: deps.podExec,
          vars: options.vars,
          params,
          signal,
          deadline,
          needs,
          reads,
          wait: options.wait ?? true,
          ...(options.settle ? { settle: options.settle } : {}),
          failFast: options.expectFailing?.includes(item.id) ?? false,
          now,
        });
        if (item.kind === 'question' && isQuestion(checker)) {
          const expected = await checker.expected(ctx);
          if (!isExpectedValue(expected))
            throw new CheckerMistake(
              `expected() returned ${describeValue(expected)}, not a string, number or list of strings`,
            );
          // The message never reveals the expected value.
          return answersMatch(item.spec.answer, answer!, expected)
            ? { status: 'pass', message: `"${answer!.trim()}" is right` }
            : { status: 'fail', message: `"${answer!.trim()}" is not right` };
        }
        const outcome: unknown = await (checker as { run: (c: typeof ctx) => Promise<CheckOutcome> }).run(ctx);
        if (!isOutcome(outcome))
          throw new CheckerMistake(
            `run() returned ${describeValue(outcome)}, not { passed, message } (use ctx.pass() or ctx.fail())`,
          );
        return outcome.passed
          ? { status: 'pass', message: outcome.message }
          : { status: 'fail', message: outcome.message, ...(outcome.hint ? { hint: outcome.hint } : {}) };
      },
      timeoutMs,
      options.signal,
    );
  }
}

/**
 * One signal for a grading run, aborted with the caller's. Every check and read listens to it,
 * so it is expected to have many listeners (Node warns past 10 otherwise).
 */
function runSignal(parent: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forward = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) forward();
  else parent?.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, dispose: () => parent?.removeEventListener('abort', forward) };
}

/** The params a check runs with; an author's mistake in them stops the run, as a broken file does. */
function paramsOf(
  lab: Lab,
  stepId: string,
  item: Item,
  checker: Checker,
  vars: Readonly<Record<string, string>>,
): Record<string, ParamValue> {
  if (item.kind !== 'check') return {};
  const { values, problems } = resolveParams((checker as Check).params, item.args, vars);
  const problem = problems[0];
  if (problem) {
    throw inputError(
      `check "${item.id}" of step "${stepId}" (checkers/${lab.id}/${item.file}): ${problem.message}`,
      `${problem.fix}; \`labs validate\` lists every such problem`,
    );
  }
  return values;
}

function expectKind(lab: Lab, item: Item, checker: Checker): Checker {
  const file = `checkers/${lab.id}/${item.file}`;
  if (item.kind === 'check' && !isCheck(checker)) {
    throw inputError(
      `${file} is a Question, but the step lists it under checks`,
      'move its id to questions:, or export a Check with run(ctx)',
    );
  }
  if (item.kind === 'question' && !isQuestion(checker)) {
    throw inputError(
      `${file} is a Check, but the step lists it under questions`,
      'move its id to checks:, or export a Question with expected(ctx)',
    );
  }
  return checker;
}

function errorVerdict(error: unknown, signal: AbortSignal | undefined): Verdict {
  if (error instanceof CheckTimeoutError) return { status: 'error', message: error.message, errorKind: 'timeout' };
  if (signal?.aborted) return { status: 'error', message: 'interrupted', errorKind: 'environment' };
  if (isUserError(error) && error.kind === 'environment') {
    return {
      status: 'error',
      message: error.message,
      errorKind: 'environment',
      ...(error.nextStep ? { next: error.nextStep } : {}),
    };
  }
  if (error instanceof CheckerMistake)
    return { status: 'error', message: `checker mistake: ${error.message}`, errorKind: 'checker' };
  const message = messageOf(error);
  return { status: 'error', message: `the checker failed: ${message}`, errorKind: 'checker' };
}

const isOutcome = (value: unknown): value is CheckOutcome =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as CheckOutcome).passed === 'boolean' &&
  typeof (value as CheckOutcome).message === 'string';

const isExpectedValue = (value: unknown): value is string | number | string[] =>
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (Array.isArray(value) && value.every((item) => typeof item === 'string'));

const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
