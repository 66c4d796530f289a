import { describe, expect, it } from 'vitest';
import { closest, editDistance, suggestion } from '../../../src/core/didYouMean.js';

const labs = ['backend-service', 'clusterip', 'clusterip-microservices', 'services-replicaset'];

describe('did you mean', () => {
  it('counts inserts, deletes, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('clusterip', 'clusterip')).toBe(0);
    expect(editDistance('clusterp', 'clusterip')).toBe(1);
    expect(editDistance('clsuterip', 'clusterip')).toBe(1);
    expect(editDistance('clusterix', 'clusterip')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest id when it is within a typo, ignoring case', () => {
    expect(closest('clusterp', labs)).toBe('clusterip');
    expect(closest('ClusterIP', labs)).toBe('clusterip');
    expect(closest('create-servce', ['scene', 'create-service', 'loop'])).toBe('create-service');
    expect(closest('chek', ['check', 'hint', 'list'])).toBe('check');
  });

  it('suggests the one id a prefix names, and nothing for a word far from every id', () => {
    expect(closest('backend', labs)).toBe('backend-service');
    expect(closest('cluster', labs)).toBe('clusterip');
    expect(closest('kubernetes', labs)).toBeUndefined();
    expect(closest('x', ['check', 'hint'])).toBeUndefined();
  });

  it('puts the suggestion before the list', () => {
    expect(suggestion('lopo', ['scene', 'loop'], 'steps')).toBe('did you mean "loop"? steps: scene, loop');
    expect(suggestion('zzz', ['scene', 'loop'], 'steps')).toBe('steps: scene, loop');
  });
});
