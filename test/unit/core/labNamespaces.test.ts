import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { foreignFixtureEntries, isClusterNamespace, sharedOwnedObjects } from '../../../src/core/labNamespaces.js';
import { fixtureSchema, manifestSchema } from '../../../src/core/schema.js';

const vars = { namespace: 'alice' };
const owned = ['alice', 'alice-elsewhere'];
const fixture = (content: { apply?: unknown[]; delete?: unknown[] }) =>
  v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], ...content });
const service = (namespace?: string) => ({
  kind: 'Service',
  metadata: { name: 'web', ...(namespace === undefined ? {} : { namespace }) },
});

describe('where lab content may make changes', () => {
  it('knows the namespaces of the whole cluster', () => {
    expect(
      ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'].filter(isClusterNamespace),
    ).toHaveLength(5);
    expect(['alice', 'defaults', 'my-kube-lab'].some(isClusterNamespace)).toBe(false);
  });

  it('accepts fixture entries in the namespaces the lab owns, and the owned Namespace objects themselves', () => {
    const inside = fixture({
      apply: [
        { kind: 'Namespace', metadata: { name: '{{namespace}}-elsewhere' } },
        service('{{namespace}}-elsewhere'),
        service('{{namespace}}'),
      ],
      delete: [
        { kind: 'Pod', name: 'jumpbox', namespace: '{{namespace}}' },
        { kind: 'Namespace', name: '{{namespace}}-elsewhere' },
      ],
    });
    expect(foreignFixtureEntries(inside, vars, owned)).toEqual([]);
  });

  it('names every entry outside them, with where it is', () => {
    const outside = fixture({
      apply: [service('default'), { kind: 'Namespace', metadata: { name: 'bob' } }, service()],
      delete: [
        { kind: 'Pod', name: 'jumpbox', namespace: 'kube-system' },
        { kind: 'Namespace', name: 'default' },
        { kind: 'ClusterRole', name: 'view' },
      ],
    });
    expect(foreignFixtureEntries(outside, vars, owned)).toEqual([
      {
        keyPath: ['delete', 0],
        message: 'fixture deletes Pod "jumpbox" in namespace "kube-system", which the lab does not own',
      },
      { keyPath: ['delete', 1], message: 'fixture deletes Namespace "default", which the lab does not own' },
      {
        keyPath: ['delete', 2],
        message: 'fixture deletes ClusterRole "view" without a namespace, outside the namespaces the lab owns',
      },
      {
        keyPath: ['apply', 0, 'metadata', 'namespace'],
        message: 'fixture applies Service "web" in namespace "default", which the lab does not own',
      },
      {
        keyPath: ['apply', 1, 'metadata', 'name'],
        message: 'fixture applies Namespace "bob", which the lab does not own',
      },
      {
        keyPath: ['apply', 2, 'metadata'],
        message: 'fixture applies Service "web" without a namespace, outside the namespaces the lab owns',
      },
    ]);
  });

  it('finds owned objects in a namespace of the whole cluster, after rendering variables', () => {
    const manifest = v.parse(manifestSchema, {
      formatVersion: 1,
      id: 'l',
      title: 't',
      summary: 's',
      estimatedMinutes: 1,
      kubernetesVersions: ['1.36'],
      images: [],
      owns: {
        namespaces: ['{{namespace}}'],
        objects: [
          { kind: 'ClusterRole', name: 'viewer' },
          { kind: 'Pod', name: 'jumpbox', namespace: '{{namespace}}' },
          { kind: 'Pod', name: 'jumpbox', namespace: '{{shared}}' },
          { kind: 'ConfigMap', name: 'x', namespace: 'kube-public' },
        ],
      },
      steps: [{ id: 's', file: 's.md' }],
    });
    expect(sharedOwnedObjects(manifest.owns, { ...vars, shared: 'default' })).toEqual([
      {
        keyPath: ['owns', 'objects', 2],
        message: 'lab owns Pod "jumpbox" in namespace "default", which belongs to the whole cluster',
      },
      {
        keyPath: ['owns', 'objects', 3],
        message: 'lab owns ConfigMap "x" in namespace "kube-public", which belongs to the whole cluster',
      },
    ]);
  });
});
