import { describe, expect, it } from 'vitest';
import { clusterWideNeeds } from '../../../src/core/workshop/clusterWide.js';
import { parseDuration } from '../../../src/core/workshop/duration.js';
import { type Ledger, ledgerOf, mergeLedger, progressAfterReset } from '../../../src/core/workshop/ledger.js';
import type { Lab } from '../../../src/core/lab.js';
import { stepFrom } from '../../helpers/steps.js';
import { parseAttendees } from '../../../src/core/workshop/names.js';
import { attendeeConfigOf, tokenExpiry } from '../../../src/core/workshop/attendeeConfig.js';
import type { LabProgress } from '../../../src/core/progress.js';

describe('attendees', () => {
  it('numbers a count with a fixed width', () => {
    expect(parseAttendees('3', undefined, '3')).toEqual(['attendee-01', 'attendee-02', 'attendee-03']);
    expect(parseAttendees('100', undefined, '100')[99]).toBe('attendee-100');
  });
  it('reads a file, ignoring blanks and comments, naming the line of a bad name', () => {
    expect(parseAttendees('names.txt', 'Alice\n\n# x\nbob # late\n', 'names.txt')).toEqual(['alice', 'bob']);
    expect(() => parseAttendees('names.txt', 'alice\nbob smith\n', 'names.txt')).toThrow(
      'names.txt:2: "bob smith" is not a usable attendee name',
    );
    expect(() => parseAttendees('names.txt', 'a\na\n', 'names.txt')).toThrow('names.txt:2: "a" is listed twice');
  });
});

describe('duration', () => {
  it.each([
    ['8h', 28_800],
    ['90m', 5400],
    ['2h30m', 9000],
  ])('%s is %i s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  it.each(['5m', '8', 'forever', '200h'])('refuses %s', (text) =>
    expect(() => parseDuration(text)).toThrow('--duration'),
  );
});

describe('cluster-wide needs', () => {
  const render = (text: string): string => text.replaceAll('{{namespace}}', 'demo');
  it('names the step and the object of a cluster-scoped solution, not namespaced ones', () => {
    const needs = clusterWideNeeds(
      [
        { stepId: 'ok', files: [{ name: 'web.yaml', text: 'kind: Deployment\nmetadata: { name: web }\n' }] },
        {
          stepId: 'own-ns',
          files: [{ name: 'ns.yaml', text: 'kind: Namespace\nmetadata: { name: "{{namespace}}" }\n' }],
        },
        { stepId: 'crb', files: [{ name: 'rbac.yaml', text: 'kind: ClusterRoleBinding\nmetadata: { name: x }\n' }] },
        { stepId: 'label', files: [{ name: 'solve.sh', text: 'kubectl label node worker-1 tier=web\n' }] },
        { stepId: 'other-ns', files: [{ name: 'ns.yaml', text: 'kind: Namespace\nmetadata: { name: shared }\n' }] },
      ],
      ['demo'],
      render,
    );
    expect(needs.map((need) => need.stepId)).toEqual(['crb', 'label', 'other-ns']);
    expect(needs[0]!.what).toBe('ClusterRoleBinding "x" (solution rbac.yaml)');
  });
});

describe('ledger', () => {
  const progress: LabProgress = {
    version: 1,
    lab: 'clusterip',
    currentStep: 'two',
    updatedAt: '2026-01-01T10:00:00Z',
    steps: {
      one: {
        status: 'passed',
        answers: { q: { value: 'secret-443', at: '2026-01-01T09:00:00Z', correct: true } },
        hintsSeen: [{ tier: 0, at: '2026-01-01T08:00:00Z' }],
        passedAt: '2026-01-01T09:30:00Z',
      },
    },
  };
  it('keeps correctness and times, never the value', () => {
    const ledger = ledgerOf(progress, 'alice');
    expect(JSON.stringify(ledger)).not.toContain('secret-443');
    expect(ledger.steps['one']).toEqual({
      status: 'passed',
      answers: { q: { correct: true, at: '2026-01-01T09:00:00Z' } },
      hints: [{ tier: 0, at: '2026-01-01T08:00:00Z' }],
      passedAt: '2026-01-01T09:30:00Z',
    });
  });
  it('merges two writers: the newer wins, no hint or reveal either saw is lost', () => {
    const stored: Ledger = {
      lab: 'clusterip',
      attendee: 'alice',
      currentStep: 'one',
      updatedAt: '2026-01-01T09:00:00Z',
      steps: {
        one: { status: 'in-progress', answers: {}, hints: [{ tier: 1, at: 't1' }], solutionRevealedAt: 't2' },
        zero: { status: 'passed', answers: {}, hints: [] },
      },
    };
    const merged = mergeLedger(stored, ledgerOf(progress, 'alice'));
    expect(merged.currentStep).toBe('two');
    expect(merged.steps['one']!.status).toBe('passed');
    expect(merged.steps['one']!.hints.map((hint) => hint.tier)).toEqual([0, 1]);
    expect(merged.steps['one']!.solutionRevealedAt).toBe('t2');
    expect(merged.steps['zero']!.status).toBe('passed');
  });
  it('after a reset, an older record is not merged back in, however recent its last change', () => {
    const reset: Ledger = {
      lab: 'clusterip',
      attendee: 'alice',
      currentStep: 'two',
      updatedAt: '2026-01-01T09:00:00Z',
      resetAt: '2026-01-01T09:00:00Z',
      steps: { one: { status: 'skipped', answers: {}, hints: [], solutionAppliedAt: '2026-01-01T09:00:00Z' } },
    };
    // The attendee's machine has not seen the reset yet: its hints and answers are from before.
    const stale = ledgerOf({ ...progress, updatedAt: '2026-01-01T11:00:00Z' }, 'alice');
    expect(mergeLedger(reset, stale)).toEqual(reset);
    // Once it has (resetAt adopted), its changes merge as usual.
    const adopted = ledgerOf({ ...progress, resetAt: reset.resetAt!, updatedAt: '2026-01-01T11:00:00Z' }, 'alice');
    expect(mergeLedger(reset, adopted).steps['one']!.hints).toEqual([{ tier: 0, at: '2026-01-01T08:00:00Z' }]);
  });
  it('turns a reset the local progress has not seen into local progress at the reset step, once', () => {
    const lab = labWith(['one', 'two', 'three']);
    const ledger: Ledger = {
      lab: 'clusterip',
      attendee: 'alice',
      currentStep: 'three',
      resetAt: '2026-01-02T09:00:00Z',
      steps: {},
    };
    const adopted = progressAfterReset(lab, ledger, progress)!;
    expect(adopted).toMatchObject({ currentStep: 'three', resetAt: '2026-01-02T09:00:00Z' });
    expect(Object.keys(adopted.steps).sort()).toEqual(['one', 'two']);
    expect(adopted.steps['one']!.hintsSeen).toEqual([]);
    expect(adopted.steps['one']!.solutionAppliedAt).toBe('2026-01-02T09:00:00Z');
    expect(progressAfterReset(lab, ledger, adopted)).toBeUndefined();
    expect(progressAfterReset(lab, { ...ledger, resetAt: undefined }, progress)).toBeUndefined();
  });
});

function labWith(stepIds: string[]): Lab {
  return {
    id: 'clusterip',
    manifest: { steps: stepIds.map((id) => ({ id, file: `${id}.md` })) } as unknown as Lab['manifest'],
    dir: '/lab',
    root: '/',
    steps: stepIds.map((id) => stepFrom(id)),
  };
}

describe('attendee kubeconfig', () => {
  it('reads the workshop extension and a JWT expiry', () => {
    const config = {
      workshop: 'w',
      lab: 'clusterip',
      attendee: 'a',
      vars: { namespace: 'w-a' },
      namespaces: ['w-a'],
      home: 'w-a-home',
      expiresAt: '2026-01-01T00:00:00Z',
      dataPlane: false,
    };
    expect(attendeeConfigOf({ extensions: [{ name: 'k8s-labs.dev/workshop', extension: config }] })).toEqual(config);
    expect(attendeeConfigOf({ extensions: [{ name: 'other', extension: config }] })).toBeUndefined();
    const payload = Buffer.from(JSON.stringify({ exp: 1234 })).toString('base64url');
    expect(tokenExpiry(`h.${payload}.s`)).toBe(1234);
    expect(tokenExpiry('opaque')).toBeUndefined();
  });
});
