/** The doctor's probes with a scripted runner and a stand-in API server; all must finish within 5 s. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { probeEnvironment } from '../../../src/adapters/kind/probes.js';
import { CommandNotFoundError } from '../../../src/adapters/process/run.js';
import type { RunOptions, RunResult } from '../../../src/core/ports.js';
import { type FakeApiServer, readyNode, startFakeApiServer } from '../../fixtures/fake-bin/fakeApiServer.js';

const done = (stdout = '', over: Partial<RunResult> = {}): RunResult => ({
  exitCode: 0,
  stdout,
  stderr: '',
  timedOut: false,
  aborted: false,
  durationMs: 1,
  ...over,
});

let api: FakeApiServer;
let env: NodeJS.ProcessEnv;
let missing: string[];
let seenTimeouts: (number | undefined)[];

const run = async (file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> => {
  seenTimeouts.push(options.timeoutMs);
  if (missing.includes(file)) throw new CommandNotFoundError(file);
  if (file === 'docker') return done('28.2.2');
  if (file === 'kind' && args[0] === 'version') return done('kind v0.33.0 go1.25.1 linux/amd64');
  if (file === 'kind') return done('k8s-labs');
  if (file === 'kubectl')
    return done(JSON.stringify({ clientVersion: { gitVersion: 'v1.37.1' }, kustomizeVersion: 'v5' }));
  throw new Error(`unexpected ${file}`);
};

function kubeconfig(server: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'labs-doctor-')), 'config');
  writeFileSync(
    file,
    yaml.dump({
      clusters: [{ name: 'k', cluster: { server } }],
      users: [{ name: 'k', user: { token: 't' } }],
      contexts: [{ name: 'kind-k8s-labs', context: { cluster: 'k', user: 'k' } }],
    }),
  );
  return file;
}

beforeEach(async () => {
  api = await startFakeApiServer();
  api.put('/api/v1/nodes', readyNode('k8s-labs-control-plane'));
  env = {
    KUBECONFIG: kubeconfig(api.url),
    K8S_LABS_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'labs-doctor-state-')),
  };
  missing = [];
  seenTimeouts = [];
});

afterEach(async () => {
  await api.close();
});

describe('probeEnvironment', () => {
  test('collects tool versions, the kind cluster, the context and the API server', async () => {
    const probes = await probeEnvironment({ env, run, platform: 'linux' });
    expect(probes).toEqual({
      platform: 'linux',
      context: 'kind-k8s-labs',
      labCluster: true,
      clusterName: 'k8s-labs',
      docker: { found: true, daemon: true, version: '28.2.2' },
      kind: { found: true, version: 'v0.33.0' },
      kubectl: { found: true, version: 'v1.37.1' },
      kindClusterExists: true,
      kubeconfig: { files: [env['KUBECONFIG']], contextFound: true, server: api.url, contexts: ['kind-k8s-labs'] },
      api: { reachable: true, serverVersion: 'v1.37.0', nodes: 1, nodesReady: 1 },
    });
    expect(seenTimeouts.every((timeout) => timeout !== undefined && timeout <= 4000)).toBe(true);
  });

  test('missing tools and an unreachable server are findings, not exceptions, and come back fast', async () => {
    missing = ['docker', 'kind', 'kubectl'];
    env['KUBECONFIG'] = kubeconfig('https://127.0.0.1:1');
    const started = performance.now();
    const probes = await probeEnvironment({ env, run });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(probes.docker).toEqual({ found: false, daemon: false });
    expect(probes.kind).toEqual({ found: false });
    expect(probes.kindClusterExists).toBeUndefined();
    expect(probes.api).toEqual({
      reachable: false,
      error: 'cannot reach the Kubernetes API server https://127.0.0.1:1 (context kind-k8s-labs): connection refused',
    });
  });

  test('a context that is not in the kubeconfig is not probed over the network', async () => {
    const probes = await probeEnvironment({ context: 'workshop', env, run });
    expect(probes).toMatchObject({ context: 'workshop', labCluster: false, kubeconfig: { contextFound: false } });
    expect(probes.api).toBeUndefined();
    expect(api.requests).toEqual([]);
  });
});
