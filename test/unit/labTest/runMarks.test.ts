import { describe, expect, it } from 'vitest';
import { agoText, freshRunId, STALE_AFTER_MS, staleRuns } from '../../../src/core/labTest/runMarks.js';

const now = Date.parse('2026-12-04T12:00:00Z');
const ago = (ms: number): string => new Date(now - ms).toISOString();

describe('staleRuns', () => {
  it('picks the runs nobody has seen for the stale time, oldest first, never the run asking', () => {
    const runs = staleRuns(
      [
        { name: 'svc-aaaa-1', run: 'aaaa', seen: ago(STALE_AFTER_MS + 1000), terminating: false },
        { name: 'svc-aaaa-2', run: 'aaaa', seen: ago(STALE_AFTER_MS + 5000), terminating: false },
        { name: 'svc-bbbb-1', run: 'bbbb', seen: ago(60 * 60_000), terminating: false },
        // Alive: seen within the stale time.
        { name: 'svc-cccc-1', run: 'cccc', seen: ago(STALE_AFTER_MS - 1000), terminating: false },
        { name: 'svc-mine-1', run: 'mine', seen: ago(24 * 60 * 60_000), terminating: false },
      ],
      now,
      'mine',
    );
    expect(runs).toEqual([
      { run: 'bbbb', namespaces: ['svc-bbbb-1'], lastSeen: new Date(now - 60 * 60_000) },
      { run: 'aaaa', namespaces: ['svc-aaaa-1', 'svc-aaaa-2'], lastSeen: new Date(now - STALE_AFTER_MS - 1000) },
    ]);
  });

  it('keeps a whole run while any of its namespaces was seen recently, a terminating one too', () => {
    expect(
      staleRuns(
        [
          { name: 'svc-aaaa-1', run: 'aaaa', seen: ago(STALE_AFTER_MS * 3), terminating: false },
          // The run moved on from it and is deleting it: its heartbeat still proves the run alive.
          { name: 'svc-aaaa-2', run: 'aaaa', seen: ago(1000), terminating: true },
        ],
        now,
      ),
    ).toEqual([]);
  });

  it('asks for nothing already being deleted; without a readable seen time the creation time counts', () => {
    expect(
      staleRuns(
        [
          { name: 'svc-aaaa-1', run: 'aaaa', seen: ago(STALE_AFTER_MS * 2), terminating: true },
          { name: 'svc-bbbb-1', run: 'bbbb', terminating: false },
          { name: 'svc-bbbb-2', run: 'bbbb', seen: 'yesterday', terminating: false },
          // Made a minute ago, killed before its first heartbeat wrote a time: not stale yet.
          { name: 'svc-cccc-1', run: 'cccc', created: ago(60_000), terminating: false },
          { name: 'svc-dddd-1', run: 'dddd', created: ago(STALE_AFTER_MS * 2), terminating: false },
        ],
        now,
      ),
    ).toEqual([
      // Never seen at all: the oldest.
      { run: 'bbbb', namespaces: ['svc-bbbb-1', 'svc-bbbb-2'] },
      { run: 'dddd', namespaces: ['svc-dddd-1'], lastSeen: new Date(now - STALE_AFTER_MS * 2) },
    ]);
  });

  it('never deletes a namespace whose name does not carry its run, whatever its label says', () => {
    const old = ago(24 * 60 * 60_000);
    expect(
      staleRuns(
        [
          // Labelled by hand, or made from another namespace's YAML.
          { name: 'production', run: 'aaaa', seen: old, terminating: false },
          { name: 'svc-bbbb', run: 'bbbb', seen: old, terminating: false },
          { name: 'svc-cccc-1', run: 'Not-A-Run', seen: old, terminating: false },
          { name: 'svc-dddd-1-elsewhere', run: 'dddd', seen: old, terminating: false },
        ],
        now,
      ).map((run) => run.namespaces),
    ).toEqual([['svc-dddd-1-elsewhere']]);
  });
});

describe('freshRunId', () => {
  it('is four base-36 characters that no marked namespace carries', () => {
    const draws = [0, 0.5, 0.999999];
    const id = freshRunId(new Set(['0000']), () => draws.shift()!);
    expect(id).toBe(Math.floor(0.5 * 36 ** 4).toString(36));
    expect(id).toMatch(/^[0-9a-z]{4}$/);
    expect(freshRunId(new Set(), () => 0)).toBe('0000');
  });
});

describe('agoText', () => {
  it('says minutes, then hours, then days', () => {
    expect(agoText(new Date(now - 7 * 60_000), now)).toBe('7 min ago');
    expect(agoText(new Date(now - 5 * 60 * 60_000), now)).toBe('5 h ago');
    expect(agoText(new Date(now - 3 * 24 * 60 * 60_000), now)).toBe('3 days ago');
    expect(agoText(undefined, now)).toBe('at an unknown time');
  });
});
