import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, describe, expect, test } from 'vitest';
import { openCluster, resolveContextName } from '../../../src/adapters/connect.js';
import { isUserError } from '../../../src/errors.js';
import type { RunResult } from '../../../src/core/ports.js';
import { startFakeApiServer, type FakeApiServer } from '../../fixtures/fake-bin/fakeApiServer.js';

const fixtureConfig = path.resolve('test/fixtures/kubeconfig-relative/config');
const stateDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'labs-connect-'));

const caught = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
};

function kubeconfigFor(
  server: string,
  context = 'kind-k8s-labs',
  user: Record<string, unknown> = { token: 'lab-token' },
): string {
  const file = path.join(stateDir(), 'config');
  writeFileSync(
    file,
    yaml.dump({
      'current-context': 'production',
      clusters: [
        { name: 'lab', cluster: { server } },
        { name: 'production', cluster: { server: 'https://127.0.0.1:2' } },
      ],
      users: [
        { name: 'lab', user },
        { name: 'admin', user: { token: 'production-token' } },
      ],
      contexts: [
        { name: context, context: { cluster: 'lab', user: 'lab' } },
        { name: 'production', context: { cluster: 'production', user: 'admin' } },
      ],
    }),
  );
  return file;
}

describe('resolveContextName', () => {
  test('--context, then K8S_LABS_CONTEXT, then the lab cluster; never the current-context', () => {
    expect(resolveContextName('a', { K8S_LABS_CONTEXT: 'b' })).toBe('a');
    expect(resolveContextName(undefined, { K8S_LABS_CONTEXT: 'b' })).toBe('b');
    expect(resolveContextName(undefined, {})).toBe('kind-k8s-labs');
    expect(resolveContextName(undefined, { K8S_LABS_CLUSTER: 'workshop' })).toBe('kind-workshop');
  });
});

describe('openCluster', () => {
  let api: FakeApiServer | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  test('pins everything to the lab context although the current-context is production', async () => {
    api = await startFakeApiServer();
    api.put('/api/v1/namespaces/default/configmaps', { metadata: { name: 'c', namespace: 'default' } });
    const env = { KUBECONFIG: kubeconfigFor(api.url), K8S_LABS_STATE_DIR: stateDir() };
    const session = await openCluster({ env });
    try {
      expect(session.target).toMatchObject({ context: 'kind-k8s-labs', server: api.url });
      const pinned = readFileSync(session.target.kubeconfigPath, 'utf8');
      expect(pinned).not.toContain('production');
      expect(statSync(session.target.kubeconfigPath).mode & 0o777).toBe(0o600);
      expect(session.target.kubeconfigPath.startsWith(env.K8S_LABS_STATE_DIR)).toBe(true);
      const items = await session.reader.list('ConfigMap', { namespace: 'default' });
      expect(items.map((item) => item.metadata?.name)).toEqual(['c']);
      expect(api.requests.at(-1)?.authorization).toBe('Bearer lab-token');
    } finally {
      session.close();
    }
  });

  test('no kubeconfig: environment error whose next step is `labs cluster up`', async () => {
    const error = await caught(openCluster({ env: { KUBECONFIG: '/does/not/exist', K8S_LABS_STATE_DIR: stateDir() } }));
    expect(isUserError(error) && error.kind).toBe('environment');
    expect(error.message).toContain('no kubeconfig found (looked for /does/not/exist)');
    expect((error as { nextStep?: string }).nextStep).toContain('labs cluster up');
  });

  test('a context that is not in the kubeconfig lists the ones that are', async () => {
    const error = await caught(
      openCluster({ context: 'staging', env: { KUBECONFIG: fixtureConfig, K8S_LABS_STATE_DIR: stateDir() } }),
    );
    expect(error.message).toContain('context "staging" is not in your kubeconfig');
    expect(error.message).toContain('contexts there: workshop, production, token-file');
    expect((error as { nextStep?: string }).nextStep).toContain('--context');
  });

  test('an unreachable server fails the first read within 5 s, naming server, context and `labs cluster up`', async () => {
    const session = await openCluster({
      env: { KUBECONFIG: kubeconfigFor('https://127.0.0.1:1'), K8S_LABS_STATE_DIR: stateDir() },
    });
    const started = performance.now();
    const error = await caught(session.reader.get('Namespace', 'default'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(isUserError(error)).toBe(true);
    expect(error.message).toBe(
      'cannot reach the Kubernetes API server https://127.0.0.1:1 (context kind-k8s-labs): connection refused',
    );
    expect((error as { nextStep?: string }).nextStep).toContain('labs cluster up');
    session.close();
  });

  test('another context points the next step at `labs doctor --context`', async () => {
    const env = { KUBECONFIG: kubeconfigFor('https://127.0.0.1:1', 'workshop'), K8S_LABS_STATE_DIR: stateDir() };
    const session = await openCluster({ context: 'workshop', env });
    const error = await caught(session.reader.list('Pod', { namespace: 'x' }));
    expect((error as { nextStep?: string }).nextStep).toContain('labs doctor --context workshop');
    session.close();
  });

  test('capabilities are memoised and honour K8S_LABS_DATA_PLANE=off', async () => {
    api = await startFakeApiServer();
    const env = { KUBECONFIG: kubeconfigFor(api.url), K8S_LABS_STATE_DIR: stateDir(), K8S_LABS_DATA_PLANE: 'off' };
    const session = await openCluster({ env });
    const first = await session.capabilities();
    expect(first).toEqual({ dataPlane: false, reason: expect.stringContaining('K8S_LABS_DATA_PLANE=off') });
    expect(await session.capabilities()).toBe(first);
    session.close();
  });

  test('credentials from an exec plugin go through the injected runner', async () => {
    api = await startFakeApiServer();
    api.collections.set('/api/v1/nodes', []);
    const calls: string[][] = [];
    const run = async (file: string, args: readonly string[]): Promise<RunResult> => {
      calls.push([file, ...args]);
      return {
        exitCode: 0,
        stdout: JSON.stringify({ status: { token: 'from-plugin' } }),
        stderr: '',
        timedOut: false,
        aborted: false,
        durationMs: 1,
      };
    };
    const env = {
      KUBECONFIG: kubeconfigFor(api.url, 'kind-k8s-labs', {
        exec: { command: 'cloud-login', args: ['token'], apiVersion: 'client.authentication.k8s.io/v1' },
      }),
      K8S_LABS_STATE_DIR: stateDir(),
    };
    const session = await openCluster({ env, run });
    await session.reader.list('Node');
    await session.reader.list('Node');
    expect(calls).toEqual([['cloud-login', 'token']]);
    expect(api.requests.every((request) => request.authorization === 'Bearer from-plugin')).toBe(true);
    session.close();
  });
});
