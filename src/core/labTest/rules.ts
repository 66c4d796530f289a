/**
 * The rules `labs test` holds every lab to, as pure judgements over grading results:
 * a check fails before its step's solution and passes after it (a precondition passes both
 * times), and a wrong-answer fixture is rejected by every check it names.
 */
import type { CheckReport } from '../grading/types.js';
import type { CheckVerdict, Observation, RejectVerdict, Verdict } from './types.js';

export const observe = (report: CheckReport): Observation => ({
  status: report.status,
  message: report.message,
  durationMs: report.durationMs,
});

interface Judgement {
  verdict: Verdict;
  reason: string;
}

function judgeBefore(before: Observation, precondition: boolean): Judgement | undefined {
  if (before.status === 'error')
    return { verdict: 'error', reason: `could not run before the solution: ${before.message}` };
  if (before.status === 'skipped') return { verdict: 'skipped', reason: before.message };
  if (precondition && before.status !== 'pass') {
    return { verdict: 'violated', reason: `precondition did not hold before the solution: ${before.message}` };
  }
  if (!precondition && before.status === 'pass') {
    return { verdict: 'violated', reason: 'passed before the solution was applied: the check is broken' };
  }
  return undefined;
}

function judgeAfter(after: Observation, precondition: boolean): Judgement | undefined {
  if (after.status === 'error')
    return { verdict: 'error', reason: `could not run after the solution: ${after.message}` };
  if (after.status === 'skipped') return { verdict: 'skipped', reason: after.message };
  if (after.status !== 'pass') {
    return {
      verdict: 'violated',
      reason: precondition
        ? `precondition no longer held after the solution: ${after.message}`
        : `did not pass after the solution: ${after.message}`,
    };
  }
  return undefined;
}

/**
 * Judges one check of one step. `after` is undefined when the solution was not applied; a check
 * already broken before the solution is still reported as violated.
 */
export function judgeCheck(
  base: { id: string; title: string; kind: 'check' | 'question'; precondition: boolean },
  before: Observation | undefined,
  after: Observation | undefined,
  /** Why there is no `after`; by default the solution did not apply. */
  whyNotAfter = 'the solution did not apply',
): CheckVerdict {
  const verdict = (judgement: Judgement): CheckVerdict => ({ ...base, before, after, ...judgement });
  if (!before) return verdict({ verdict: 'error', reason: 'was not graded before the solution' });
  const early = judgeBefore(before, base.precondition);
  // A violation before the solution stands on its own; an error or skip there says nothing more.
  if (early) return verdict(early);
  if (!after) return verdict({ verdict: 'error', reason: `not graded after the solution: ${whyNotAfter}` });
  const late = judgeAfter(after, base.precondition);
  if (late) return verdict(late);
  return verdict({
    verdict: 'ok',
    reason: base.precondition ? 'held before and after the solution' : 'failed before, passed after the solution',
  });
}

/** Judges one check a fixture names: it must not pass in the fixture's wrong state. */
export function judgeReject(report: CheckReport | undefined, id: string): RejectVerdict {
  if (!report) return { id, status: 'error', message: 'was not graded', verdict: 'error' };
  const base = { id, status: report.status, message: report.message };
  switch (report.status) {
    case 'pass':
      return { ...base, verdict: 'violated' };
    case 'fail':
      return { ...base, verdict: 'ok' };
    case 'skipped':
      return { ...base, verdict: 'skipped' };
    case 'error':
      return { ...base, verdict: 'error' };
  }
}

/** The worst verdict wins: violated, then error, then skipped, then ok. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  for (const verdict of ['violated', 'error', 'skipped'] as const) if (verdicts.includes(verdict)) return verdict;
  return 'ok';
}
