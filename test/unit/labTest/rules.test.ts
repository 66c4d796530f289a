import { describe, expect, it } from 'vitest';
import { judgeCheck, judgeReject, worstVerdict } from '../../../src/core/labTest/rules.js';
import type { CheckReport, CheckStatus } from '../../../src/core/grading/types.js';

const seen = (status: CheckStatus, message = `was ${status}`) => ({ status, message, durationMs: 1 });
const check = { id: 'c', title: 'C', kind: 'check' as const, precondition: false };
const precondition = { ...check, precondition: true };

describe('judgeCheck', () => {
  it.each([
    ['fail', 'pass', 'ok', 'failed before, passed after the solution'],
    ['pass', 'pass', 'violated', 'passed before the solution was applied: the check is broken'],
    ['pass', 'fail', 'violated', 'passed before the solution was applied: the check is broken'],
    ['fail', 'fail', 'violated', 'did not pass after the solution: was fail'],
    ['error', 'pass', 'error', 'could not run before the solution: was error'],
    ['fail', 'error', 'error', 'could not run after the solution: was error'],
    ['skipped', 'skipped', 'skipped', 'was skipped'],
  ] as const)('a check %s before and %s after is %s', (before, after, verdict, reason) => {
    expect(judgeCheck(check, seen(before), seen(after))).toMatchObject({ verdict, reason });
  });

  it.each([
    ['pass', 'pass', 'ok', 'held before and after the solution'],
    ['fail', 'pass', 'violated', 'precondition did not hold before the solution: was fail'],
    ['pass', 'fail', 'violated', 'precondition no longer held after the solution: was fail'],
  ] as const)('a precondition %s before and %s after is %s', (before, after, verdict, reason) => {
    expect(judgeCheck(precondition, seen(before), seen(after))).toMatchObject({ verdict, reason });
  });

  it('keeps a violation found before the solution even when the solution did not apply', () => {
    expect(judgeCheck(check, seen('pass'), undefined).verdict).toBe('violated');
    expect(judgeCheck(check, seen('fail'), undefined)).toMatchObject({
      verdict: 'error',
      reason: 'not graded after the solution: the solution did not apply',
    });
    expect(judgeCheck(check, undefined, seen('pass'))).toMatchObject({
      verdict: 'error',
      reason: 'was not graded before the solution',
    });
  });

  it('carries both observations into the verdict', () => {
    const verdict = judgeCheck(check, seen('fail', 'no Service yet'), seen('pass', 'Service ok'));
    expect(verdict.before).toEqual({ status: 'fail', message: 'no Service yet', durationMs: 1 });
    expect(verdict.after).toEqual({ status: 'pass', message: 'Service ok', durationMs: 1 });
  });
});

describe('judgeReject', () => {
  const report = (status: CheckStatus): CheckReport => ({
    id: 'c',
    title: 'C',
    kind: 'check',
    status,
    message: `m ${status}`,
    durationMs: 1,
  });
  it('wants the named check to fail on the wrong state', () => {
    expect(judgeReject(report('fail'), 'c')).toEqual({ id: 'c', status: 'fail', message: 'm fail', verdict: 'ok' });
    expect(judgeReject(report('pass'), 'c')).toEqual({
      id: 'c',
      status: 'pass',
      message: 'm pass',
      verdict: 'violated',
    });
    expect(judgeReject(report('skipped'), 'c').verdict).toBe('skipped');
    expect(judgeReject(report('error'), 'c').verdict).toBe('error');
    expect(judgeReject(undefined, 'c').verdict).toBe('error');
  });
});

describe('worstVerdict', () => {
  it('ranks violated over error over skipped over ok', () => {
    expect(worstVerdict([])).toBe('ok');
    expect(worstVerdict(['ok', 'skipped'])).toBe('skipped');
    expect(worstVerdict(['skipped', 'error', 'ok'])).toBe('error');
    expect(worstVerdict(['error', 'violated'])).toBe('violated');
  });
});
