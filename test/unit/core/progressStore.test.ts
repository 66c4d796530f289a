import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { stateDir } from '../../../src/adapters/fs/stateDir.js';
import {
  type LabProgress,
  mergeProgressChanges,
  nextHintTier,
  recordAnswer,
  recordCheck,
  recordHint,
  withStep,
} from '../../../src/core/progress.js';
import { tempDir } from '../../helpers/bin.js';

const fixedNow = () => new Date('2026-11-22T10:00:00.000Z');

function storeIn(dir = tempDir()) {
  const warnings: string[] = [];
  return { dir, warnings, store: createProgressStore({ dir, warn: (m) => warnings.push(m), now: fixedNow }) };
}

describe('progress store', () => {
  it('starts empty and round-trips what was recorded', () => {
    const { store } = storeIn();
    expect(store.load('clusterip')).toEqual({ version: 1, lab: 'clusterip', steps: {} });
    store.update('clusterip', (p) =>
      recordHint(recordCheck({ ...p, currentStep: 'jumpbox' }, 'jumpbox', false, 't1'), 'jumpbox', 0, 't2'),
    );
    const loaded = store.load('clusterip');
    expect(loaded.currentStep).toBe('jumpbox');
    expect(loaded.steps['jumpbox']).toMatchObject({
      status: 'in-progress',
      firstCheckAt: 't1',
      hintsSeen: [{ tier: 0, at: 't2' }],
    });
    expect(loaded.updatedAt).toBe('2026-11-22T10:00:00.000Z');
  });

  it('writes atomically: no temporary file is left beside the progress file', () => {
    const { store, dir } = storeIn();
    store.save({ version: 1, lab: 'a', steps: {} });
    expect(readdirSync(path.join(dir, 'progress'))).toEqual(['a.json']);
  });

  it('moves a corrupt file aside with a warning and carries on', () => {
    const { store, dir, warnings } = storeIn();
    mkdirSync(path.join(dir, 'progress'), { recursive: true });
    writeFileSync(path.join(dir, 'progress', 'clusterip.json'), '{"version": 1, "lab": "clus');
    writeFileSync(
      path.join(dir, 'progress', 'other.json'),
      JSON.stringify({ version: 1, lab: 'other', steps: {}, currentStep: 'x' }),
    );
    expect(store.load('clusterip')).toEqual({ version: 1, lab: 'clusterip', steps: {} });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /clusterip\.json could not be read \(not valid JSON\); it was moved to .*clusterip\.json\.corrupt-2026-11-22T10-00-00-000Z/,
    );
    expect(existsSync(path.join(dir, 'progress', 'clusterip.json.corrupt-2026-11-22T10-00-00-000Z'))).toBe(true);
    // Nothing else is lost.
    expect(store.load('other').currentStep).toBe('x');
  });

  it('treats a file of another version as unreadable, keeping it aside', () => {
    const { store, dir, warnings } = storeIn();
    mkdirSync(path.join(dir, 'progress'), { recursive: true });
    writeFileSync(path.join(dir, 'progress', 'clusterip.json'), JSON.stringify({ version: 99, lab: 'clusterip' }));
    expect(store.load('clusterip').steps).toEqual({});
    expect(warnings[0]).toContain('unexpected content or version');
  });

  it('remembers the current lab and survives a corrupt pointer', () => {
    const { store, dir, warnings } = storeIn();
    expect(store.currentLab()).toBeUndefined();
    store.setCurrentLab('clusterip');
    expect(store.currentLab()).toBe('clusterip');
    writeFileSync(path.join(dir, 'current.json'), 'garbage');
    expect(store.currentLab()).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('reset keeps the old file as a backup instead of deleting it', () => {
    const { store, dir } = storeIn();
    store.save({ version: 1, lab: 'a', steps: {} });
    store.remove('a');
    expect(readdirSync(path.join(dir, 'progress'))).toEqual(['a.json.reset-2026-11-22T10-00-00-000Z']);
    expect(
      JSON.parse(readFileSync(path.join(dir, 'progress', 'a.json.reset-2026-11-22T10-00-00-000Z'), 'utf8')).lab,
    ).toBe('a');
  });
});

describe('progress records', () => {
  it('never un-passes a step and keeps the first check time', () => {
    let p = recordCheck({ version: 1, lab: 'l', steps: {} }, 's', true, 't1');
    p = recordCheck(p, 's', false, 't2');
    expect(p.steps['s']).toMatchObject({ status: 'passed', passedAt: 't1', firstCheckAt: 't1', lastCheckAt: 't2' });
  });

  it('hands out hint tiers in order and records answers', () => {
    let p = recordHint({ version: 1, lab: 'l', steps: {} }, 's', 0, 't');
    expect(nextHintTier(p, 's')).toBe(1);
    p = recordAnswer(p, 's', 'q', '6443', true, 't');
    expect(p.steps['s']!.answers['q']).toEqual({ value: '6443', at: 't', correct: true });
  });
});

describe('progress store environment', () => {
  it('finds the state directory in the env it is given, not in process.env', () => {
    const dir = tempDir();
    const store = createProgressStore({ env: { K8S_LABS_STATE_DIR: dir }, warn: () => {} });
    expect(store.dir).toBe(dir);
    expect(process.env['K8S_LABS_STATE_DIR']).not.toBe(dir);
    store.save({ version: 1, lab: 'a', steps: {} });
    expect(existsSync(path.join(dir, 'progress', 'a.json'))).toBe(true);
  });
});

describe('merging a session into the progress file', () => {
  const empty: LabProgress = { version: 1, lab: 'l', steps: {} };

  it('keeps an answer recorded meanwhile by another process, and applies only what the session changed', () => {
    const base = recordAnswer({ ...empty, currentStep: 'a' }, 'a', 'q1', 'old', undefined, 't1');
    // Meanwhile `labs answer` records q2 and a newer q1 in the file.
    const disk = recordAnswer(recordAnswer(base, 'a', 'q2', '10.96.0.1', true, 't3'), 'a', 'q1', 'newer', false, 't4');
    // The session moves on, sees a hint, reveals the solution, and checks the step (passing it).
    let mine = recordHint({ ...base, currentStep: 'b' }, 'a', 0, 't5');
    mine = withStep(mine, 'a', (step) => ({ ...step, solutionRevealedAt: 't6' }));
    mine = recordCheck(mine, 'a', true, 't7');
    const merged = mergeProgressChanges(disk, base, mine);
    expect(merged.currentStep).toBe('b');
    expect(merged.steps['a']).toEqual({
      status: 'passed',
      answers: {
        q1: { value: 'newer', at: 't4', correct: false },
        q2: { value: '10.96.0.1', at: 't3', correct: true },
      },
      hintsSeen: [{ tier: 0, at: 't5' }],
      solutionRevealedAt: 't6',
      firstCheckAt: 't7',
      lastCheckAt: 't7',
      passedAt: 't7',
    });
  });

  it("writes the session's own newer answer over an older one, and never undoes a pass made elsewhere", () => {
    const base = recordAnswer(empty, 'a', 'q1', 'first', undefined, 't1');
    const disk = recordCheck(base, 'a', true, 't2');
    const mine = recordAnswer(base, 'a', 'q1', 'second', undefined, 't3');
    const merged = mergeProgressChanges(disk, base, mine);
    expect(merged.steps['a']!.answers['q1']).toEqual({ value: 'second', at: 't3' });
    expect(merged.steps['a']).toMatchObject({ status: 'passed', passedAt: 't2' });
  });

  it('marks an answer right or wrong when the session graded the very answer in the file', () => {
    const base = recordAnswer(empty, 'a', 'q1', 'x', undefined, 't1');
    const mine = recordAnswer(base, 'a', 'q1', 'x', true, 't1');
    expect(mergeProgressChanges(base, base, mine).steps['a']!.answers['q1']).toEqual({
      value: 'x',
      at: 't1',
      correct: true,
    });
  });

  it('leaves steps the session did not touch as the file has them', () => {
    const base = empty;
    const disk = recordCheck(empty, 'other', false, 't1');
    const mine = { ...empty, currentStep: 'a' };
    expect(mergeProgressChanges(disk, base, mine)).toEqual({ ...disk, currentStep: 'a' });
  });

  it('merges through the store: an answer written between two saves of a session survives', () => {
    const { store } = storeIn();
    const loaded = store.load('l');
    const first = { ...loaded, currentStep: 'a' };
    store.update('l', (disk) => mergeProgressChanges(disk, loaded, first));
    // `labs answer` in another terminal.
    store.update('l', (disk) => recordAnswer(disk, 'a', 'q', '80', true, 't2'));
    const second = recordHint(first, 'a', 0, 't3');
    store.update('l', (disk) => mergeProgressChanges(disk, first, second));
    expect(store.load('l').steps['a']).toMatchObject({
      answers: { q: { value: '80', at: 't2', correct: true } },
      hintsSeen: [{ tier: 0, at: 't3' }],
    });
  });
});

describe('state directory', () => {
  it('follows XDG on Linux, the platform folders elsewhere, and the override first', () => {
    expect(stateDir({}, 'linux', '/home/a')).toBe('/home/a/.local/state/k8s-labs');
    expect(stateDir({ XDG_STATE_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/k8s-labs');
    expect(stateDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/k8s-labs');
    expect(stateDir({ K8S_LABS_STATE_DIR: '/tmp/s' }, 'linux', '/home/a')).toBe('/tmp/s');
  });
});
