/**
 * The rules a fixture is held to: a wrong-answer fixture is rejected by every check it names,
 * for the reason it names (`failsWith`: a substring, or a /pattern/); an `accepts` fixture, an
 * alternative right answer, passes every check it names. A fixture whose API checks proved it is
 * verified even when another check it names needs a data plane the cluster lacks.
 */
import type { CheckReport } from '../grading/types.js';
import type { Fixture } from '../schema.js';
import { judgeReject, worstVerdict } from './rules.js';
import type { FixtureVerdict, RejectVerdict, Verdict } from './types.js';

/** Whether `message` is what `expected` names: a substring, or a regular expression written /like this/i. */
export function messageMatches(message: string, expected: string): boolean {
  const pattern = /^\/(.+)\/([a-z]*)$/.exec(expected);
  if (pattern) return new RegExp(pattern[1]!, pattern[2]).test(message);
  return message.toLowerCase().includes(expected.toLowerCase());
}

/** Why `expected` is not a usable message pattern, or undefined. */
export function messagePatternProblem(expected: string): string | undefined {
  const pattern = /^\/(.+)\/([a-z]*)$/.exec(expected);
  if (!pattern) return undefined;
  try {
    new RegExp(pattern[1]!, pattern[2]);
    return undefined;
  } catch (error) {
    return `"${expected}" is not a valid regular expression: ${(error as Error).message}`;
  }
}

/** Judges one check an `accepts` fixture names: it must pass in this right state. */
function judgeAccept(report: CheckReport | undefined, id: string): RejectVerdict {
  if (!report) return { id, status: 'error', message: 'was not graded', verdict: 'error' };
  const base = { id, status: report.status, message: report.message };
  if (report.status === 'pass') return { ...base, verdict: 'ok' };
  if (report.status === 'fail') return { ...base, verdict: 'violated' };
  return { ...base, verdict: report.status === 'skipped' ? 'skipped' : 'error' };
}

/** The ids a fixture grades: its `rejects`, else its `accepts`. */
export const fixtureTargets = (fixture: Fixture): string[] =>
  fixture.rejects.length > 0 ? fixture.rejects : fixture.accepts;

export function judgeFixture(
  fixture: Fixture,
  checks: readonly CheckReport[],
): Pick<FixtureVerdict, 'verdict' | 'reason' | 'rejects'> {
  const find = (id: string): CheckReport | undefined => checks.find((check) => check.id === id);
  const accepting = fixture.rejects.length === 0;
  const rejects = accepting
    ? fixture.accepts.map((id) => judgeAccept(find(id), id))
    : fixture.rejects.map((id) => {
        const judged = judgeReject(find(id), id);
        const expected = fixture.failsWith[id];
        if (judged.verdict !== 'ok' || expected === undefined || messageMatches(judged.message, expected))
          return judged;
        return { ...judged, verdict: 'violated' as const, expected };
      });
  const verdicts = rejects.map((reject) => reject.verdict);
  // Skipped data-plane checks do not undo what the API checks proved.
  const proven = verdicts.includes('ok') && verdicts.every((verdict) => verdict === 'ok' || verdict === 'skipped');
  const verdict: Verdict = proven ? 'ok' : worstVerdict(verdicts);
  return { verdict, rejects, reason: reasonOf(fixture, rejects, accepting) };
}

function reasonOf(
  fixture: Fixture,
  rejects: readonly (RejectVerdict & { expected?: string })[],
  accepting: boolean,
): string {
  const withVerdict = (wanted: Verdict) => rejects.filter((reject) => reject.verdict === wanted);
  const violated = withVerdict('violated');
  if (accepting && violated.length > 0) {
    return violated.map((reject) => `${reject.id} rejected a right answer: ${reject.message}`).join('; ');
  }
  const wrongReason = violated.filter((reject) => reject.status === 'fail');
  const accepted = violated.filter((reject) => reject.status === 'pass');
  const parts: string[] = [];
  if (accepted.length > 0)
    parts.push(`${accepted.map((reject) => reject.id).join(', ')} accepted a wrong answer: ${fixture.description}`);
  for (const reject of wrongReason)
    parts.push(`${reject.id} failed for another reason: "${reject.message}" (expected ${reject.expected ?? '?'})`);
  if (parts.length > 0) return parts.join('; ');
  const errors = withVerdict('error');
  if (errors.length > 0) return errors.map((reject) => `${reject.id} could not run: ${reject.message}`).join('; ');
  const ok = withVerdict('ok').map((reject) => reject.id);
  const skipped = withVerdict('skipped');
  return [
    ...(ok.length > 0 ? [`${accepting ? 'accepted' : 'rejected'} by ${ok.join(', ')}`] : []),
    ...(skipped.length > 0 ? [`${skipped.map((reject) => reject.id).join(', ')} skipped: ${skipped[0]!.message}`] : []),
  ].join('; ');
}
