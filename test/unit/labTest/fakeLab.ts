/**
 * A fake world for the rules of `labs test`: a cluster reduced to a set of facts, solutions and
 * fixtures that add or remove facts, and checks that are predicates over the facts.
 */
import * as v from 'valibot';
import type { Lab, Step } from '../../../src/core/lab.js';
import type { CheckReport, GradeOptions, Grader, StepReport } from '../../../src/core/grading/types.js';
import { overallStatus } from '../../../src/core/grading/types.js';
import type { AppliedFixture, LabApplier, LoadedFixture } from '../../../src/core/labTest/types.js';
import { fixtureSchema, manifestSchema } from '../../../src/core/schema.js';
import type { Fixture } from '../../../src/core/schema.js';

export interface FakeStep {
  id: string;
  checks?: string[];
  questions?: string[];
}

export function fakeLab(id: string, steps: FakeStep[]): Lab {
  const manifest = v.parse(manifestSchema, {
    formatVersion: 1,
    id,
    title: `Lab ${id}`,
    summary: 'A lab for tests.',
    estimatedMinutes: 5,
    kubernetesVersions: ['1.36'],
    images: [],
    variables: { namespace: { default: id } },
    owns: { namespaces: ['{{namespace}}'] },
    steps: steps.map((step) => ({ id: step.id, file: `steps/${step.id}.md` })),
  });
  return {
    id,
    manifest,
    dir: `/labs/${id}`,
    root: '/',
    steps: steps.map((step): Step => ({
      id: step.id,
      title: `Step ${step.id}`,
      file: `/labs/${id}/steps/${step.id}.md`,
      body: '',
      bodyLine: 1,
      tokens: [],
      commands: [],
      checks: step.checks ?? [],
      questions: (step.questions ?? []).map((q) => ({ id: q, prompt: `What is ${q}?`, answer: 'text' as const })),
      hints: [],
    })),
  };
}

export function fakeFixture(
  name: string,
  fields: Partial<Fixture> & { step: string; rejects: string[] },
): LoadedFixture {
  return {
    name,
    file: `/checkers/lab/fixtures/${name}.yaml`,
    fixture: v.parse(fixtureSchema, { description: `mistake ${name}`, ...fields }),
  };
}

/** A check: pass/fail from the facts; or 'skip'/'error'/'throw' to simulate the other outcomes. */
export type FakeCheck = (
  facts: ReadonlySet<string>,
  answers: Readonly<Record<string, string>>,
) => boolean | 'skip' | 'error';

export interface FakeWorld {
  facts: Set<string>;
  log: string[];
  grader: Grader;
  applier: LabApplier;
  /** Ids of checks that are preconditions. */
  preconditions: Set<string>;
}

export interface FakeWorldOptions {
  checks: Record<string, FakeCheck>;
  /** Facts each step's solution adds (a leading "-" removes one); "FAIL" makes it fail to apply. */
  solutions: Record<string, string[]>;
  /** Reference answers each step's solution gives. */
  answers?: Record<string, Record<string, string>>;
  /** Facts fixtures add, by fixture description; `-fact` deletes. */
  fixtureFacts?: Record<string, string[]>;
  /** Facts present in the cluster from the start and that a reset never removes. */
  foreign?: string[];
  preconditions?: string[];
  /** Error thrown by reset, once, when set: on its first call, or on call number `resetErrorOnCall`. */
  resetError?: Error;
  resetErrorOnCall?: number;
  /** Error thrown by applying a step's solution the `call`-th time it is applied (1 is the first). */
  solveError?: { step: string; call: number; error: Error };
  /** Error thrown when grading, when set. */
  gradeError?: Error;
}

export class FakeApplyFailure extends Error {
  readonly failedToApply = true as const;
}

export function fakeWorld(options: FakeWorldOptions): FakeWorld {
  const foreign = new Set(options.foreign ?? []);
  const facts = new Set<string>(foreign);
  const log: string[] = [];
  let resetError = options.resetError;
  let resets = 0;
  const solves = new Map<string, number>();

  const change = (entries: readonly string[]): void => {
    for (const entry of entries) {
      if (entry.startsWith('-')) facts.delete(entry.slice(1));
      else facts.add(entry);
    }
  };

  const grader: Grader = {
    async gradeStep(lab, stepId, gradeOptions: GradeOptions): Promise<StepReport> {
      if (options.gradeError) throw options.gradeError;
      const step = lab.steps.find((s) => s.id === stepId)!;
      const ids = [...step.checks, ...step.questions.map((q) => q.id)].filter(
        (id) => !gradeOptions.only || gradeOptions.only.includes(id),
      );
      log.push(
        `grade ${stepId}${gradeOptions.only ? ` only=${gradeOptions.only.join(',')}` : ''} answers=${JSON.stringify(gradeOptions.answers)}`,
      );
      const checks = ids.map((id): CheckReport => {
        const kind = step.checks.includes(id) ? 'check' : 'question';
        const outcome = options.checks[id]!(facts, gradeOptions.answers);
        const status = outcome === 'skip' ? 'skipped' : outcome === 'error' ? 'error' : outcome ? 'pass' : 'fail';
        const message =
          status === 'skipped'
            ? 'needs a data plane: fake'
            : status === 'error'
              ? 'the checker failed: boom'
              : `${id} ${status}`;
        return { id, title: `Title of ${id}`, kind, status, message, durationMs: 5 };
      });
      return { lab: lab.id, step: stepId, status: overallStatus(checks), checks, durationMs: 5 };
    },
  };

  const applier: LabApplier = {
    async reset() {
      log.push('reset');
      resets++;
      if (resetError && resets >= (options.resetErrorOnCall ?? 1)) {
        const error = resetError;
        resetError = undefined;
        throw error;
      }
      for (const fact of [...facts]) if (!foreign.has(fact)) facts.delete(fact);
    },
    async applySolution(_lab, stepId) {
      log.push(`solve ${stepId}`);
      solves.set(stepId, (solves.get(stepId) ?? 0) + 1);
      if (options.solveError?.step === stepId && options.solveError.call === solves.get(stepId))
        throw options.solveError.error;
      const entries = options.solutions[stepId] ?? [];
      if (entries.includes('FAIL')) throw new FakeApplyFailure(`kubectl apply of solutions/${stepId} failed: denied`);
      change(entries);
      return { ...(options.answers?.[stepId] ?? {}) };
    },
    async applyFixture(_lab, fixture): Promise<AppliedFixture> {
      log.push(`fixture ${fixture.description}`);
      const entries = options.fixtureFacts?.[fixture.description] ?? [];
      if (entries.includes('FAIL')) throw new FakeApplyFailure('fixture: kubectl apply failed: invalid');
      const createdOnly =
        fixture.delete.length === 0 && entries.every((entry) => !entry.startsWith('-') && !facts.has(entry));
      change(entries);
      return { createdOnly, manifests: entries.join(',') };
    },
    async removeFixture(_lab, applied) {
      log.push('remove fixture');
      for (const entry of applied.manifests.split(',')) if (entry) facts.delete(entry);
    },
  };
  return { facts, log, grader, applier, preconditions: new Set(options.preconditions ?? []) };
}

/** Deps for runLabTest over a fake world, with a clock that advances 10 ms per reading. */
export function depsFor(world: FakeWorld) {
  let clock = 0;
  return {
    grader: world.grader,
    applier: world.applier,
    isPrecondition: async (_lab: Lab, id: string) => world.preconditions.has(id),
    now: () => (clock += 10),
  };
}
