/**
 * The learner's progress in one lab: a record of what happened, never a verdict. Grading always
 * reads the cluster; this only remembers where the learner is and what they used.
 */
import * as v from 'valibot';

export const PROGRESS_VERSION = 1;

/** ISO 8601 time. */
const timestamp = v.string();

export const stepProgressSchema = v.object({
  /** passed: every check passed; skipped: the reference solution was applied instead. */
  status: v.optional(v.picklist(['not-started', 'in-progress', 'passed', 'skipped']), 'not-started'),
  answers: v.optional(
    v.record(v.string(), v.object({ value: v.string(), at: timestamp, correct: v.optional(v.boolean()) })),
    {},
  ),
  hintsSeen: v.optional(v.array(v.object({ tier: v.pipe(v.number(), v.integer(), v.minValue(0)), at: timestamp })), []),
  solutionRevealedAt: v.optional(timestamp),
  solutionAppliedAt: v.optional(timestamp),
  /** When the step's `setup:` was applied (by start, jump or solve), so it runs once per start of the step. */
  setupAppliedAt: v.optional(timestamp),
  firstCheckAt: v.optional(timestamp),
  lastCheckAt: v.optional(timestamp),
  passedAt: v.optional(timestamp),
  /**
   * The last full grading passed every check that could run, but some need a data plane (pods
   * that run, traffic) this cluster lacks: the step cannot pass here. Cleared by a failure.
   */
  needsDataPlaneAt: v.optional(timestamp),
  /** When the learner asked to see where their objects differ from the solution (`labs check --explain`). */
  explainedAt: v.optional(v.array(timestamp)),
});

export const labProgressSchema = v.object({
  version: v.literal(PROGRESS_VERSION),
  lab: v.string(),
  currentStep: v.optional(v.string()),
  startedAt: v.optional(timestamp),
  finishedAt: v.optional(timestamp),
  updatedAt: v.optional(timestamp),
  /** In a workshop: when the instructor (or the attendee) last put the lab back; see ledger.ts. */
  resetAt: v.optional(timestamp),
  steps: v.optional(v.record(v.string(), stepProgressSchema), {}),
});

export type StepProgress = v.InferOutput<typeof stepProgressSchema>;
export type LabProgress = v.InferOutput<typeof labProgressSchema>;

export const emptyProgress = (lab: string): LabProgress => ({ version: PROGRESS_VERSION, lab, steps: {} });

export const emptyStepProgress = (): StepProgress => v.parse(stepProgressSchema, {});

export function stepProgress(progress: LabProgress, stepId: string): StepProgress {
  return progress.steps[stepId] ?? emptyStepProgress();
}

/** Returns a copy with one step changed. */
export function withStep(
  progress: LabProgress,
  stepId: string,
  change: (step: StepProgress) => StepProgress,
): LabProgress {
  return { ...progress, steps: { ...progress.steps, [stepId]: change(stepProgress(progress, stepId)) } };
}

/** Records a grading run; a pass marks the step passed, a later failure never un-passes it. */
export function recordCheck(progress: LabProgress, stepId: string, passed: boolean, at: string): LabProgress {
  return withStep(progress, stepId, (step) => ({
    ...step,
    status: passed
      ? step.status === 'skipped'
        ? 'skipped'
        : 'passed'
      : step.status === 'not-started'
        ? 'in-progress'
        : step.status,
    firstCheckAt: step.firstCheckAt ?? at,
    lastCheckAt: at,
    passedAt: passed ? (step.passedAt ?? at) : step.passedAt,
  }));
}

/** Records a full grading by its overall status (errors record nothing: they graded nothing). */
export function recordGrading(
  progress: LabProgress,
  stepId: string,
  status: 'passed' | 'failed' | 'incomplete' | 'error',
  at: string,
): LabProgress {
  if (status === 'error') return progress;
  const recorded = recordCheck(progress, stepId, status === 'passed', at);
  return withStep(recorded, stepId, (step) => {
    const { needsDataPlaneAt: _, ...rest } = step;
    return status === 'incomplete' ? { ...rest, needsDataPlaneAt: at } : status === 'failed' ? rest : step;
  });
}

/** Records that a failed check was explained against the reference solution: help, like a hint. */
export function recordExplanation(progress: LabProgress, stepId: string, at: string): LabProgress {
  return withStep(progress, stepId, (step) => ({ ...step, explainedAt: [...(step.explainedAt ?? []), at] }));
}

/** The index of the next hint tier the learner has not seen for a step. */
export function nextHintTier(progress: LabProgress, stepId: string): number {
  const seen = stepProgress(progress, stepId).hintsSeen.map((hint) => hint.tier);
  return seen.length === 0 ? 0 : Math.max(...seen) + 1;
}

export function recordHint(progress: LabProgress, stepId: string, tier: number, at: string): LabProgress {
  return withStep(progress, stepId, (step) =>
    step.hintsSeen.some((hint) => hint.tier === tier)
      ? step
      : { ...step, hintsSeen: [...step.hintsSeen, { tier, at }] },
  );
}

export function recordAnswer(
  progress: LabProgress,
  stepId: string,
  questionId: string,
  value: string,
  correct: boolean | undefined,
  at: string,
): LabProgress {
  return withStep(progress, stepId, (step) => ({
    ...step,
    status: step.status === 'not-started' ? 'in-progress' : step.status,
    answers: { ...step.answers, [questionId]: { value, at, ...(correct === undefined ? {} : { correct }) } },
  }));
}

type Answer = StepProgress['answers'][string];

const STATUS_RANK: Record<StepProgress['status'], number> = {
  'not-started': 0,
  'in-progress': 1,
  passed: 2,
  skipped: 2,
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const earliest = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || a <= b ? a : b;
const latest = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || a >= b ? a : b;

/** The session's answer, unless the file holds a newer one (e.g. from `labs answer` in another terminal). */
function mergeAnswer(disk: Answer | undefined, mine: Answer): Answer {
  if (!disk || disk.at < mine.at) return mine;
  if (disk.at === mine.at && disk.value === mine.value) return { ...disk, ...mine };
  return disk;
}

function mergeStep(disk: StepProgress, base: StepProgress, mine: StepProgress): StepProgress {
  const answers = { ...disk.answers };
  for (const [id, answer] of Object.entries(mine.answers)) {
    if (!sameJson(answer, base.answers[id])) answers[id] = mergeAnswer(disk.answers[id], answer);
  }
  const hints = new Map(disk.hintsSeen.map((hint) => [hint.tier, hint]));
  for (const hint of mine.hintsSeen) {
    if (base.hintsSeen.some((seen) => seen.tier === hint.tier)) continue;
    const known = hints.get(hint.tier);
    if (!known || hint.at < known.at) hints.set(hint.tier, hint);
  }
  // A status only moves forward: what happened elsewhere (a pass, a solve) is never undone.
  const status =
    mine.status !== base.status && STATUS_RANK[mine.status] > STATUS_RANK[disk.status] ? mine.status : disk.status;
  const changed = (
    key: 'solutionRevealedAt' | 'solutionAppliedAt' | 'setupAppliedAt' | 'firstCheckAt' | 'lastCheckAt' | 'passedAt',
  ): string | undefined => (mine[key] !== base[key] ? mine[key] : undefined);
  const merged: StepProgress = {
    ...disk,
    status,
    answers,
    hintsSeen: [...hints.values()].sort((a, b) => a.tier - b.tier),
  };
  const times = {
    solutionRevealedAt: earliest(disk.solutionRevealedAt, changed('solutionRevealedAt')),
    solutionAppliedAt: latest(disk.solutionAppliedAt, changed('solutionAppliedAt')),
    setupAppliedAt: latest(disk.setupAppliedAt, changed('setupAppliedAt')),
    firstCheckAt: earliest(disk.firstCheckAt, changed('firstCheckAt')),
    lastCheckAt: latest(disk.lastCheckAt, changed('lastCheckAt')),
    passedAt: earliest(disk.passedAt, changed('passedAt')),
  };
  for (const [key, value] of Object.entries(times)) if (value !== undefined) merged[key as keyof typeof times] = value;
  const explained = [...new Set([...(disk.explainedAt ?? []), ...(mine.explainedAt ?? [])])].sort();
  if (explained.length > 0) merged.explainedAt = explained;
  // The session's latest grading decides, when it graded.
  if (mine.needsDataPlaneAt !== base.needsDataPlaneAt) {
    if (mine.needsDataPlaneAt === undefined) delete merged.needsDataPlaneAt;
    else merged.needsDataPlaneAt = mine.needsDataPlaneAt;
  }
  return merged;
}

/**
 * Applies what one session changed (from `base`, the progress it last saved or loaded, to `mine`)
 * to the progress now on disk, so changes made meanwhile by another process (an answer recorded
 * with `labs answer`, a check with `labs check`) survive. Fields the session did not touch keep
 * the file's value.
 */
export function mergeProgressChanges(disk: LabProgress, base: LabProgress, mine: LabProgress): LabProgress {
  const steps = { ...disk.steps };
  for (const [id, step] of Object.entries(mine.steps)) {
    const before = stepProgress(base, id);
    if (sameJson(step, before)) continue;
    steps[id] = mergeStep(stepProgress(disk, id), before, step);
  }
  const merged: LabProgress = { ...disk, steps };
  if (mine.currentStep !== base.currentStep && mine.currentStep !== undefined) merged.currentStep = mine.currentStep;
  const startedAt = earliest(disk.startedAt, mine.startedAt !== base.startedAt ? mine.startedAt : undefined);
  const finishedAt = disk.finishedAt ?? (mine.finishedAt !== base.finishedAt ? mine.finishedAt : undefined);
  if (startedAt !== undefined) merged.startedAt = startedAt;
  if (finishedAt !== undefined) merged.finishedAt = finishedAt;
  return merged;
}
