import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import {
  kubeconfigPaths,
  loadKubeconfig,
  minifiedKubeconfig,
  resolveContext,
} from '../../../src/adapters/kube/kubeconfig.js';
import { isUserError } from '../../../src/errors.js';

const fixture = path.resolve('test/fixtures/kubeconfig-relative');
const config = path.join(fixture, 'config');
const second = path.join(fixture, 'second');

describe('kubeconfigPaths', () => {
  test('KUBECONFIG is a path list (deduplicated); otherwise ~/.kube/config', () => {
    expect(kubeconfigPaths({ KUBECONFIG: `/a:/b::/a` }, 'linux')).toEqual(['/a', '/b']);
    expect(kubeconfigPaths({ HOME: '/home/learner' }, 'linux')).toEqual(['/home/learner/.kube/config']);
    expect(kubeconfigPaths({ KUBECONFIG: 'C:\\a;C:\\b' }, 'win32')).toHaveLength(2);
  });
});

describe('loadKubeconfig', () => {
  test('merges files in order: the first definition of a name and the first current-context win', () => {
    const merged = loadKubeconfig({ KUBECONFIG: `${config}:/does/not/exist:${second}` });
    expect(merged.files).toEqual([config, second]);
    expect(merged.currentContext).toBe('production');
    expect(resolveContext(merged, 'workshop')?.cluster.server).toBe('https://127.0.0.1:1');
    expect(resolveContext(merged, 'other')?.cluster.server).toBe('https://127.0.0.1:3');
  });

  test('resolves file paths relative to the kubeconfig that names them', () => {
    const context = resolveContext(loadKubeconfig({ KUBECONFIG: config }), 'workshop')!;
    expect(context.cluster['certificate-authority']).toBe(path.join(fixture, 'certs', 'ca.crt'));
    expect(context.user['client-key']).toBe(path.join(fixture, 'certs', 'client.key'));
    expect(context.namespace).toBe('alice');
  });

  test('no file at all gives an empty config; a broken file is an environment error naming it', () => {
    expect(loadKubeconfig({ KUBECONFIG: '/does/not/exist' }).files).toEqual([]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
    const broken = path.join(dir, 'config');
    writeFileSync(broken, 'clusters: [\n');
    const error = (() => {
      try {
        loadKubeconfig({ KUBECONFIG: broken });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toContain(`${broken} is not a valid kubeconfig`);
  });

  test('a context whose cluster is missing is an environment error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
    const file = path.join(dir, 'config');
    writeFileSync(file, yaml.dump({ contexts: [{ name: 'x', context: { cluster: 'gone', user: 'u' } }] }));
    expect(() => resolveContext(loadKubeconfig({ KUBECONFIG: file }), 'x')).toThrow(
      /names cluster "gone", which has no server entry/,
    );
  });
});

describe('minifiedKubeconfig', () => {
  test('holds only the chosen context, with certificate files inlined as data', () => {
    const context = resolveContext(loadKubeconfig({ KUBECONFIG: config }), 'workshop')!;
    const doc = yaml.load(minifiedKubeconfig(context)) as {
      'current-context': string;
      contexts: { name: string; context: { namespace?: string } }[];
      clusters: { cluster: Record<string, string> }[];
      users: { user: Record<string, string> }[];
    };
    expect(doc['current-context']).toBe('workshop');
    expect(doc.contexts).toEqual([
      { name: 'workshop', context: { cluster: 'workshop', user: 'learner', namespace: 'alice' } },
    ]);
    expect(doc.clusters).toHaveLength(1);
    expect(doc.users).toHaveLength(1);
    const cluster = doc.clusters[0]!.cluster;
    expect(cluster['certificate-authority']).toBeUndefined();
    expect(Buffer.from(cluster['certificate-authority-data']!, 'base64').toString()).toContain('ZmFrZSBjYQ==');
    const user = doc.users[0]!.user;
    expect(user['client-certificate']).toBeUndefined();
    expect(Buffer.from(user['client-key-data']!, 'base64').toString()).toContain('PRIVATE KEY');
    expect(JSON.stringify(doc)).not.toContain('production-admin-token');
  });

  test('is written as JSON (which is YAML), cheaper to write than YAML with inlined certificates', () => {
    const context = resolveContext(loadKubeconfig({ KUBECONFIG: config }), 'workshop')!;
    const text = minifiedKubeconfig(context);
    expect(JSON.parse(text)).toEqual(yaml.load(text));
    expect(JSON.parse(text)).toMatchObject({ kind: 'Config', 'current-context': 'workshop' });
  });

  test('keeps a token file as an absolute path', () => {
    const context = resolveContext(loadKubeconfig({ KUBECONFIG: config }), 'token-file')!;
    const doc = yaml.load(minifiedKubeconfig(context)) as { users: { user: { tokenFile: string } }[] };
    expect(doc.users[0]!.user.tokenFile).toBe(path.join(fixture, 'certs', 'token'));
  });
});
