/** clusterUp / clusterDown / clusterStatus with a scripted kind+docker runner and a stand-in API server. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type ClusterPhase, clusterDown, clusterStatus, clusterUp } from '../../../src/adapters/kind/cluster.js';
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

interface Script {
  clusters: string[];
  missing?: ('kind' | 'docker')[];
  dockerDown?: boolean;
  /** What `kind create cluster` does besides printing its phases. */
  create?: (options: RunOptions) => Promise<RunResult | undefined>;
  stopped?: string[];
  /** The server `kind export kubeconfig` writes (default: the stand-in API server). */
  exportServer?: string;
}

let api: FakeApiServer;
let dir: string;
let kubeconfig: string;
let env: NodeJS.ProcessEnv;
let calls: string[][];
let script: Script;

function writeKubeconfig(withLabContext: boolean, current = 'production', server = api.url): void {
  const lab = withLabContext;
  writeFileSync(
    kubeconfig,
    yaml.dump({
      'current-context': current,
      clusters: [
        { name: 'production', cluster: { server: 'https://127.0.0.1:2' } },
        ...(lab ? [{ name: 'kind-k8s-labs', cluster: { server } }] : []),
      ],
      users: [
        { name: 'admin', user: { token: 'p' } },
        ...(lab ? [{ name: 'kind-k8s-labs', user: { token: 'k' } }] : []),
      ],
      contexts: [
        { name: 'production', context: { cluster: 'production', user: 'admin' } },
        ...(lab ? [{ name: 'kind-k8s-labs', context: { cluster: 'kind-k8s-labs', user: 'kind-k8s-labs' } }] : []),
      ],
    }),
  );
}

const currentContext = (): string =>
  (yaml.load(readFileSync(kubeconfig, 'utf8')) as { 'current-context': string })['current-context'];

async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  calls.push([file, ...args]);
  if (script.missing?.includes(file as 'kind')) throw new CommandNotFoundError(file);
  const command = args.slice(0, 2).join(' ');
  if (file === 'docker' && script.dockerDown)
    return done('', {
      exitCode: 1,
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    });
  if (file === 'docker' && args[0] === 'info') return done('28.2.2');
  if (file === 'docker' && args[0] === 'inspect')
    return done(script.stopped?.includes(args.at(-1)!) ? 'false' : 'true');
  if (file === 'docker' && args[0] === 'start') {
    script.stopped = [];
    return done();
  }
  if (command === 'get clusters') return done(script.clusters.join('\n'));
  if (command === 'get nodes') return done('k8s-labs-control-plane');
  if (command === 'delete cluster') {
    script.clusters = script.clusters.filter((name) => name !== args[3]);
    return done();
  }
  if (command === 'export kubeconfig') {
    writeKubeconfig(true, 'kind-k8s-labs', script.exportServer);
    return done();
  }
  if (command === 'create cluster') {
    for (const line of [
      ' • Ensuring node image (kindest/node:v1.37.0) 🖼  ...',
      ' ✓ Ensuring node image (kindest/node:v1.37.0) 🖼',
      ' • Starting control-plane 🕹️  ...',
    ]) {
      options.onLine?.(line, 'stderr');
    }
    const scripted = await script.create?.(options);
    if (scripted) return scripted;
    options.onLine?.(' ✓ Starting control-plane 🕹️', 'stderr');
    script.clusters.push(args[3]!);
    writeKubeconfig(true, 'kind-k8s-labs');
    return done();
  }
  throw new Error(`unexpected command: ${file} ${args.join(' ')}`);
}

beforeEach(async () => {
  api = await startFakeApiServer();
  api.put('/api/v1/nodes', readyNode('k8s-labs-control-plane'));
  api.put('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'default', namespace: 'default' } });
  dir = mkdtempSync(path.join(os.tmpdir(), 'labs-kind-'));
  kubeconfig = path.join(dir, 'config');
  env = { KUBECONFIG: kubeconfig, K8S_LABS_STATE_DIR: path.join(dir, 'state') };
  writeKubeconfig(false);
  calls = [];
  script = { clusters: [] };
});

afterEach(async () => {
  await api.close();
});

describe('clusterUp', () => {
  test('creates the cluster with phases, restores the current-context and reports the result', async () => {
    const phases: string[] = [];
    const result = await clusterUp({
      env,
      run,
      onPhase: (phase: ClusterPhase) => phases.push(`${phase.id}:${phase.status}`),
    });
    expect(result).toMatchObject({
      name: 'k8s-labs',
      context: 'kind-k8s-labs',
      server: api.url,
      created: true,
      repairedKubeconfig: false,
      restoredCurrentContext: [kubeconfig],
    });
    expect(phases).toEqual([
      'kind:started',
      'kind:done',
      'node-image:started',
      'node-image:done',
      'control-plane:started',
      'control-plane:done',
    ]);
    expect(result.phases.map((phase) => phase.id)).toEqual(['kind', 'node-image', 'control-plane']);
    expect(currentContext()).toBe('production');
    expect(calls.map((call) => call.slice(0, 3).join(' '))).toEqual([
      'kind get clusters',
      'docker info --format',
      'kind create cluster',
    ]);
  });

  test('reuses a healthy cluster: no create, no phases', async () => {
    script.clusters = ['k8s-labs'];
    writeKubeconfig(true);
    const result = await clusterUp({ env, run });
    expect(result).toMatchObject({ created: false, repairedKubeconfig: false, phases: [] });
    expect(calls).toEqual([['kind', 'get', 'clusters']]);
  });

  test('writes a missing kubeconfig entry again and keeps the current-context', async () => {
    script.clusters = ['k8s-labs'];
    const result = await clusterUp({ env, run });
    expect(result.repairedKubeconfig).toBe(true);
    expect(currentContext()).toBe('production');
  });

  test('starts stopped node containers of an existing cluster, then waits for its API', async () => {
    script.clusters = ['k8s-labs'];
    script.stopped = ['k8s-labs-control-plane'];
    writeKubeconfig(true);
    // While the node container is stopped, nothing answers on the API port.
    api.route(/nodes/, (request, response) => {
      if (script.stopped?.length) {
        response.socket?.destroy();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ items: [readyNode('k8s-labs-control-plane')] }));
    });
    const result = await clusterUp({ env, run, pollMs: 20 });
    expect(calls).toContainEqual(['docker', 'start', 'k8s-labs-control-plane']);
    expect(result.phases.map((phase) => phase.id)).toEqual(['start-nodes', 'node-ready']);
  });

  test('a stale kubeconfig entry of an existing cluster is refreshed with kind export kubeconfig', async () => {
    script.clusters = ['k8s-labs'];
    writeKubeconfig(true, 'production', 'http://127.0.0.1:1');
    const result = await clusterUp({ env, run });
    expect(result).toMatchObject({ created: false, repairedKubeconfig: true, server: api.url });
    expect(result.phases.map((phase) => phase.id)).toEqual(['kubeconfig']);
    expect(currentContext()).toBe('production');
  });

  test('an existing cluster that still does not answer is an environment error naming the server', async () => {
    script.clusters = ['k8s-labs'];
    script.exportServer = 'http://127.0.0.1:1';
    writeKubeconfig(true, 'production', 'http://127.0.0.1:1');
    await expect(clusterUp({ env, run })).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringContaining(
        'kind cluster "k8s-labs" exists but its API server http://127.0.0.1:1 does not answer',
      ),
    });
    expect(calls).toContainEqual(['kind', 'export', 'kubeconfig', '--name', 'k8s-labs']);
  });

  test('waits for the node and the default ServiceAccount, within the time limit', async () => {
    api.collections.set('/api/v1/nodes', [readyNode('k8s-labs-control-plane', false)]);
    api.collections.set('/api/v1/namespaces/default/serviceaccounts', []);
    setTimeout(() => api.put('/api/v1/nodes', readyNode('k8s-labs-control-plane', true)), 100);
    setTimeout(
      () =>
        api.put('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'default', namespace: 'default' } }),
      200,
    );
    const result = await clusterUp({ env, run, pollMs: 20 });
    expect(result.phases.map((phase) => phase.id)).toEqual([
      'kind',
      'node-image',
      'control-plane',
      'node-ready',
      'service-account',
    ]);
  });

  test('a node that never becomes Ready fails after readyTimeoutMs with the next step', async () => {
    api.collections.set('/api/v1/nodes', [readyNode('k8s-labs-control-plane', false)]);
    const failed: string[] = [];
    await expect(
      clusterUp({
        env,
        run,
        pollMs: 20,
        readyTimeoutMs: 150,
        onPhase: (phase) => phase.status === 'failed' && failed.push(phase.id),
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^the node did not become Ready within 0\.\d s$/),
      nextStep: expect.stringContaining('describe nodes'),
    });
    expect(failed).toEqual(['node-ready']);
  });

  test("a failing kind create is an environment error with kind's message; the current-context is restored", async () => {
    script.create = async () => {
      writeKubeconfig(true, 'kind-k8s-labs');
      return done('', {
        exitCode: 1,
        stderr: ' ✗ Starting control-plane 🕹️\nERROR: failed to create cluster: kubeadm init failed',
      });
    };
    await expect(clusterUp({ env, run })).rejects.toMatchObject({
      kind: 'environment',
      message:
        'kind could not create cluster "k8s-labs" (exit 1): ERROR: failed to create cluster: kubeadm init failed',
    });
    expect(currentContext()).toBe('production');
  });

  test('an abort during creation deletes the half-created cluster and rejects with AbortError', async () => {
    const controller = new AbortController();
    script.create = async () => {
      script.clusters.push('k8s-labs');
      controller.abort();
      return done('', { exitCode: 143, aborted: true });
    };
    await expect(clusterUp({ env, run, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toContainEqual(['kind', 'delete', 'cluster', '--name', 'k8s-labs']);
    expect(script.clusters).toEqual([]);
  });

  test('a create that times out is cleaned up and explained', async () => {
    script.create = async () => done('', { exitCode: 124, timedOut: true });
    await expect(clusterUp({ env, run })).rejects.toThrow(/took longer than 15 minutes/);
    expect(calls).toContainEqual(['kind', 'delete', 'cluster', '--name', 'k8s-labs']);
  });

  test('missing kind or Docker, or a stopped daemon: environment errors with the platform hint', async () => {
    script.missing = ['kind'];
    await expect(clusterUp({ env, run })).rejects.toMatchObject({
      message: 'kind is not installed (or not on PATH)',
      nextStep: expect.stringContaining('kind'),
    });
    script.missing = ['docker'];
    await expect(clusterUp({ env, run })).rejects.toMatchObject({
      message: 'docker is not installed (or not on PATH)',
      nextStep: expect.stringContaining('Docker'),
    });
    script.missing = [];
    script.dockerDown = true;
    await expect(clusterUp({ env, run })).rejects.toMatchObject({
      message: expect.stringContaining('the Docker daemon is not reachable'),
      nextStep: expect.stringMatching(/start (the Docker daemon|Docker Desktop)/),
    });
  });
});

describe('clusterDown and clusterStatus', () => {
  test('down deletes an existing cluster and reports a missing one', async () => {
    expect(await clusterDown({ env, run })).toMatchObject({ name: 'k8s-labs', deleted: false });
    script.clusters = ['k8s-labs'];
    expect(await clusterDown({ env, run })).toMatchObject({ deleted: true });
    expect(calls).toContainEqual(['kind', 'delete', 'cluster', '--name', 'k8s-labs']);
  });

  test('status: missing cluster, missing entry, ready, and not answering', async () => {
    expect(await clusterStatus({ env, run })).toMatchObject({
      exists: false,
      problem: 'there is no kind cluster named "k8s-labs"',
    });
    script.clusters = ['k8s-labs'];
    expect(await clusterStatus({ env, run })).toMatchObject({
      exists: true,
      kubeconfigEntry: false,
      nextStep: expect.stringContaining('labs cluster up'),
    });
    writeKubeconfig(true);
    expect(await clusterStatus({ env, run })).toMatchObject({
      reachable: true,
      nodeReady: true,
      serverVersion: 'v1.37.0',
      nodes: [{ name: 'k8s-labs-control-plane', ready: true }],
    });
    expect((await clusterStatus({ env, run })).problem).toBeUndefined();
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace(api.url, 'http://127.0.0.1:1'));
    expect(await clusterStatus({ env, run })).toMatchObject({
      reachable: false,
      problem: expect.stringContaining('connection refused'),
    });
  });
});
