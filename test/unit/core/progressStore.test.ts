import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { stateDir } from '../../../src/adapters/fs/stateDir.js';
import { nextHintTier, recordAnswer, recordCheck, recordHint } from '../../../src/core/progress.js';
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
    store.update('clusterip', (p) => recordHint(recordCheck({ ...p, currentStep: 'jumpbox' }, 'jumpbox', false, 't1'), 'jumpbox', 0, 't2'));
    const loaded = store.load('clusterip');
    expect(loaded.currentStep).toBe('jumpbox');
    expect(loaded.steps['jumpbox']).toMatchObject({ status: 'in-progress', firstCheckAt: 't1', hintsSeen: [{ tier: 0, at: 't2' }] });
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
    writeFileSync(path.join(dir, 'progress', 'other.json'), JSON.stringify({ version: 1, lab: 'other', steps: {}, currentStep: 'x' }));
    expect(store.load('clusterip')).toEqual({ version: 1, lab: 'clusterip', steps: {} });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/clusterip\.json could not be read \(not valid JSON\); it was moved to .*clusterip\.json\.corrupt-2026-11-22T10-00-00-000Z/);
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
    expect(JSON.parse(readFileSync(path.join(dir, 'progress', 'a.json.reset-2026-11-22T10-00-00-000Z'), 'utf8')).lab).toBe('a');
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

describe('state directory', () => {
  it('follows XDG on Linux, the platform folders elsewhere, and the override first', () => {
    expect(stateDir({}, 'linux', '/home/a')).toBe('/home/a/.local/state/k8s-labs');
    expect(stateDir({ XDG_STATE_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/k8s-labs');
    expect(stateDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/k8s-labs');
    expect(stateDir({ K8S_LABS_STATE_DIR: '/tmp/s' }, 'linux', '/home/a')).toBe('/tmp/s');
  });
});
