/**
 * The progress ledger an attendee's commands mirror into a ConfigMap of their home namespace, for
 * the instructor's roster: where they are, what passed, which answers were right, which hints and
 * solutions they used, and when. Never the answers themselves nor any expected value.
 */
import * as v from 'valibot';
import type { Lab } from '../lab.js';
import { emptyProgress, type LabProgress } from '../progress.js';
import { afterJump } from '../progressChanges.js';

export const LEDGER_KEY = 'ledger.json';

const stepLedgerSchema = v.object({
  status: v.string(),
  /** Question id -> whether the last answer was right (absent: not graded). */
  answers: v.record(v.string(), v.object({ correct: v.optional(v.boolean()), at: v.string() })),
  hints: v.array(v.object({ tier: v.number(), at: v.string() })),
  solutionRevealedAt: v.optional(v.string()),
  solutionAppliedAt: v.optional(v.string()),
  firstCheckAt: v.optional(v.string()),
  lastCheckAt: v.optional(v.string()),
  passedAt: v.optional(v.string()),
});

export const ledgerSchema = v.object({
  lab: v.string(),
  attendee: v.string(),
  currentStep: v.optional(v.string()),
  startedAt: v.optional(v.string()),
  updatedAt: v.optional(v.string()),
  /** When the lab was last put back (`workshop reset`, or the attendee's own reset): older records lose. */
  resetAt: v.optional(v.string()),
  steps: v.record(v.string(), stepLedgerSchema),
});
export type Ledger = v.InferOutput<typeof ledgerSchema>;
export type StepLedger = v.InferOutput<typeof stepLedgerSchema>;

const defined = <T extends Record<string, unknown>>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

/** The ledger of a progress record: correctness only, never a value. */
export function ledgerOf(progress: LabProgress, attendee: string): Ledger {
  const steps: Record<string, StepLedger> = {};
  for (const [id, step] of Object.entries(progress.steps)) {
    steps[id] = defined({
      status: step.status,
      answers: Object.fromEntries(
        Object.entries(step.answers).map(([qid, answer]) => [qid, defined({ correct: answer.correct, at: answer.at })]),
      ),
      hints: step.hintsSeen.map(({ tier, at }) => ({ tier, at })),
      solutionRevealedAt: step.solutionRevealedAt,
      solutionAppliedAt: step.solutionAppliedAt,
      firstCheckAt: step.firstCheckAt,
      lastCheckAt: step.lastCheckAt,
      passedAt: step.passedAt,
    });
  }
  return defined({
    lab: progress.lab,
    attendee,
    currentStep: progress.currentStep,
    startedAt: progress.startedAt,
    updatedAt: progress.updatedAt,
    resetAt: progress.resetAt,
    steps,
  });
}

/**
 * The attendee's local progress after a reset their record has not seen: at the ledger's current
 * step, the earlier steps solved by their reference solutions (as the instructor's reset left the
 * cluster); undefined when `local` already knows the reset.
 */
export function progressAfterReset(lab: Lab, ledger: Ledger, local: LabProgress): LabProgress | undefined {
  const { resetAt } = ledger;
  if (resetAt === undefined || resetAt <= (local.resetAt ?? '') || ledger.lab !== lab.id) return undefined;
  const step = lab.steps.some((s) => s.id === ledger.currentStep) ? ledger.currentStep! : lab.steps[0]!.id;
  const fresh: LabProgress = { ...emptyProgress(lab.id), startedAt: resetAt, resetAt };
  return { ...afterJump(lab, fresh, step, {}, resetAt), updatedAt: resetAt };
}

/** The stored ledger, or undefined when absent or unreadable. */
export function parseLedger(text: string | undefined): Ledger | undefined {
  if (!text) return undefined;
  try {
    const parsed = v.safeParse(ledgerSchema, JSON.parse(text));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

/**
 * Merges what is stored with what this process knows. Two terminals of one attendee may both
 * write: the newer record wins as a whole, but no hint, answer or reveal either saw is lost.
 */
export function mergeLedger(stored: Ledger | undefined, mine: Ledger): Ledger {
  if (!stored || stored.lab !== mine.lab) return mine;
  // A reset the other record has not seen ends what it knew: the record of the later reset wins whole.
  if ((stored.resetAt ?? '') !== (mine.resetAt ?? ''))
    return (stored.resetAt ?? '') > (mine.resetAt ?? '') ? stored : mine;
  const newer = (mine.updatedAt ?? '') >= (stored.updatedAt ?? '') ? mine : stored;
  const older = newer === mine ? stored : mine;
  const steps: Record<string, StepLedger> = { ...older.steps };
  for (const [id, step] of Object.entries(newer.steps)) {
    const other = older.steps[id];
    if (!other) {
      steps[id] = step;
      continue;
    }
    const hints = [...other.hints, ...step.hints].filter(
      (hint, index, all) => all.findIndex((h) => h.tier === hint.tier) === index,
    );
    steps[id] = defined({
      ...step,
      answers: { ...other.answers, ...step.answers },
      hints: hints.sort((a, b) => a.tier - b.tier),
      solutionRevealedAt: step.solutionRevealedAt ?? other.solutionRevealedAt,
      solutionAppliedAt: step.solutionAppliedAt ?? other.solutionAppliedAt,
      firstCheckAt: step.firstCheckAt ?? other.firstCheckAt,
      lastCheckAt: later(step.lastCheckAt, other.lastCheckAt),
      passedAt: step.passedAt ?? other.passedAt,
    });
  }
  return { ...newer, steps };
}
