/**
 * `labs cluster up | down | status | env` through the built CLI, with stand-in `kind` and `docker`
 * executables on PATH (test/fixtures/fake-bin: they record their arguments) and a stand-in API
 * server. The real kind cannot run on the test machine (no Docker engine).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type FakeApiServer, readyNode, startFakeApiServer, statusBody } from '../fixtures/fake-bin/fakeApiServer.js';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'fake-bin');

interface Setup {
  dir: string;
  kubeconfig: string;
  log: string;
  api: FakeApiServer;
  env: Record<string, string>;
}

/** A user kubeconfig whose current-context is their own "production" cluster. */
function writeUserKubeconfig(file: string): void {
  writeFileSync(
    file,
    yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'production',
      clusters: [{ name: 'production', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'admin', user: { token: 'secret' } }],
      contexts: [{ name: 'production', context: { cluster: 'production', user: 'admin' } }],
    }),
  );
}

const kubeconfigDoc = (file: string) =>
  yaml.load(readFileSync(file, 'utf8')) as {
    'current-context': string;
    contexts: { name: string }[];
    clusters: { name: string; cluster: { server: string } }[];
  };

const invocations = (log: string): string[][] =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);

let setup: Setup;

beforeEach(async () => {
  const dir = tempDir('labs-cluster-e2e-');
  const api = await startFakeApiServer();
  api.put('/api/v1/nodes', readyNode('k8s-labs-control-plane'));
  api.put('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'default', namespace: 'default' } });
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeUserKubeconfig(kubeconfig);
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  setup = {
    dir,
    kubeconfig,
    log,
    api,
    env: {
      PATH: `${fakeBin}${path.delimiter}${process.env['PATH']}`,
      KUBECONFIG: kubeconfig,
      FAKE_BIN_STATE: path.join(dir, 'state'),
      FAKE_BIN_LOG: log,
      FAKE_API_SERVER: api.url,
      K8S_LABS_STATE_DIR: path.join(dir, 'labs-state'),
    },
  };
});

afterEach(async () => {
  await setup.api.close();
  rmSync(setup.dir, { recursive: true, force: true });
});

const labs = (args: string[], env: Record<string, string | undefined> = {}) =>
  runBin(args, { env: { ...setup.env, ...env } });

describe('labs cluster up', () => {
  test('creates the cluster from the shipped config, shows each phase, and keeps the current-context', async () => {
    const result = await labs(['cluster', 'up']);
    expect(result.stderr).toContain('Creating kind cluster "k8s-labs" from kindest/node:v1.37.0');
    for (const phase of [
      'Ensuring node image (kindest/node:v1.37.0)',
      'Preparing nodes',
      'Writing configuration',
      'Starting control-plane',
      'Installing CNI',
      'Installing StorageClass',
    ]) {
      expect(result.stderr).toMatch(new RegExp(`^ok +${phase.replace(/[()./]/g, '\\$&')} \\d+\\.\\ds$`, 'm'));
    }
    expect(result.stdout).toMatch(/^ok +Cluster k8s-labs is ready \(created in \d+\.\ds\)$/m);
    expect(result.stdout).toContain(`context kind-k8s-labs, server ${setup.api.url}`);
    expect(result.stdout).toContain("your kubectl's current-context was left as it was");
    expect(result.code).toBe(0);

    const create = invocations(setup.log).find((argv) => argv[1] === 'create');
    expect(create).toEqual([
      'kind',
      'create',
      'cluster',
      '--name',
      'k8s-labs',
      '--config',
      path.join(repoRoot, 'kind', 'cluster.yaml'),
    ]);
    const doc = kubeconfigDoc(setup.kubeconfig);
    expect(doc['current-context']).toBe('production');
    expect(doc.contexts.map((context) => context.name)).toEqual(['production', 'kind-k8s-labs']);
  });

  test('reuses a healthy cluster in well under a second without calling kind create', async () => {
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    writeFileSync(setup.log, '');
    const result = await labs(['cluster', 'up', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { created: boolean; durationMs: number; phases: unknown[] };
    expect(report).toMatchObject({
      created: false,
      repairedKubeconfig: false,
      context: 'kind-k8s-labs',
      server: setup.api.url,
      phases: [],
    });
    expect(report.durationMs).toBeLessThan(1000);
    expect(invocations(setup.log)).toEqual([['kind', 'get', 'clusters']]);
  });

  test('writes a missing kubeconfig entry again without switching the current-context', async () => {
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    writeUserKubeconfig(setup.kubeconfig);
    const result = await labs(['cluster', 'up']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ok +Writing the missing kubeconfig entry/m);
    expect(result.stdout).toContain('the kubeconfig entry kind-k8s-labs was missing and has been written again');
    expect(invocations(setup.log).filter((argv) => argv[1] === 'export')).toEqual([
      ['kind', 'export', 'kubeconfig', '--name', 'k8s-labs'],
    ]);
    const doc = kubeconfigDoc(setup.kubeconfig);
    expect(doc['current-context']).toBe('production');
    expect(doc.contexts.map((context) => context.name)).toContain('kind-k8s-labs');
  });

  test('waits until the node is Ready and the default ServiceAccount exists', async () => {
    let nodeReads = 0;
    setup.api.route(/^\/api\/v1\/nodes$/, (_request, response) => {
      nodeReads += 1;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'NodeList',
          metadata: { resourceVersion: '1' },
          items: [readyNode('k8s-labs-control-plane', nodeReads > 2)],
        }),
      );
    });
    let accountReads = 0;
    setup.api.route(/serviceaccounts\/default$/, (_request, response) => {
      accountReads += 1;
      response.writeHead(accountReads > 2 ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(accountReads > 2 ? { metadata: { name: 'default' } } : statusBody(404, 'not found')));
    });
    const result = await labs(['cluster', 'up']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ok +Waiting for the node to be Ready \d+\.\ds$/m);
    expect(result.stderr).toMatch(/^ok +Waiting for the default ServiceAccount \d+\.\ds$/m);
    expect(nodeReads).toBeGreaterThanOrEqual(3);
  });

  test("a failing kind create exits 3 with kind's error and the current-context unchanged", async () => {
    const result = await labs(['cluster', 'up'], { FAKE_KIND_FAIL: 'create' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^FAIL Starting control-plane/m);
    expect(result.stderr).toContain(
      'error: kind could not create cluster "k8s-labs" (exit 1): ERROR: failed to create cluster: failed to init node with kubeadm',
    );
    expect(result.stderr).toContain('next: run `labs doctor`');
    expect(kubeconfigDoc(setup.kubeconfig)['current-context']).toBe('production');
  });

  test('a stopped Docker daemon exits 3 with how to start it', async () => {
    const result = await labs(['cluster', 'up'], { FAKE_DOCKER_DAEMON: 'down' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: Docker is not reachable, so kind cannot list clusters');
    expect(result.stderr).toMatch(/next: (start the Docker daemon|start Docker Desktop)/);
  });

  test('a missing kind exits 3 with the install hint for the platform', async () => {
    const result = await labs(['cluster', 'up'], { PATH: path.join(setup.dir, 'empty-path') });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: kind is not installed (or not on PATH)');
    expect(result.stderr).toMatch(/next: install kind/);
  });

  test('a stale kubeconfig entry is refreshed from kind', async () => {
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    writeFileSync(
      setup.kubeconfig,
      readFileSync(setup.kubeconfig, 'utf8').replaceAll(setup.api.url, 'https://127.0.0.1:1'),
    );
    const result = await labs(['cluster', 'up']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ok +Refreshing the kubeconfig entry/m);
    expect(kubeconfigDoc(setup.kubeconfig)['current-context']).toBe('production');
  });

  test('an existing cluster whose API server is unreachable exits 3 within 5 s, naming the server', async () => {
    const closed = 'https://127.0.0.1:1';
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    writeFileSync(setup.kubeconfig, readFileSync(setup.kubeconfig, 'utf8').replaceAll(setup.api.url, closed));
    // kind itself would write the same unreachable address again.
    const result = await labs(['cluster', 'up'], { FAKE_API_SERVER: closed });
    expect(result.code).toBe(3);
    expect(result.durationMs).toBeLessThan(5000);
    expect(result.stderr).toContain(
      `error: kind cluster "k8s-labs" exists but its API server ${closed} does not answer`,
    );
    expect(result.stderr).toContain('labs cluster down` then `labs cluster up` re-creates it');
  });
});

describe('labs cluster status, env and down', () => {
  test('status reports a missing cluster with exit 3 and the next step', async () => {
    const result = await labs(['cluster', 'status']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('cluster   k8s-labs (not created)');
    expect(result.stdout).toContain('there is no kind cluster named "k8s-labs"');
    expect(result.stdout).toContain('next: run `labs cluster up` to create it');
  });

  test('status shows context, server, version and nodes of a running cluster', async () => {
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    const result = await labs(['cluster', 'status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('context   kind-k8s-labs');
    expect(result.stdout).toContain(`server    ${setup.api.url}`);
    expect(result.stdout).toContain('version   Kubernetes v1.37.0');
    expect(result.stdout).toContain('nodes     1/1 Ready: k8s-labs-control-plane');
    const json = JSON.parse((await labs(['cluster', 'status', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: 'k8s-labs',
      exists: true,
      reachable: true,
      nodeReady: true,
      server: setup.api.url,
    });
  });

  test('env prints a KUBECONFIG export whose file holds only the lab context', async () => {
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    const result = await labs(['cluster', 'env']);
    expect(result.code).toBe(0);
    const file = /^export KUBECONFIG='(.+)'$/m.exec(result.stdout)?.[1];
    expect(file).toBeDefined();
    const doc = kubeconfigDoc(file!);
    expect(doc.contexts.map((context) => context.name)).toEqual(['kind-k8s-labs']);
    expect(doc['current-context']).toBe('kind-k8s-labs');
  });

  test('down deletes the cluster and says so; a second down has nothing to do', async () => {
    expect((await labs(['cluster', 'up'])).code).toBe(0);
    const result = await labs(['cluster', 'down']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok +Deleted cluster k8s-labs in \d+\.\ds$/m);
    expect(invocations(setup.log)).toContainEqual(['kind', 'delete', 'cluster', '--name', 'k8s-labs']);
    const again = await labs(['cluster', 'down']);
    expect(again.stdout).toContain('There is no kind cluster named "k8s-labs"; nothing to delete.');
  });

  test('--name and K8S_LABS_CLUSTER choose another cluster name; a bad name is input error 2', async () => {
    const result = await labs(['cluster', 'up', '--name', 'workshop']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cluster workshop is ready');
    expect(invocations(setup.log)).toContainEqual([
      'kind',
      'create',
      'cluster',
      '--name',
      'workshop',
      '--config',
      path.join(repoRoot, 'kind', 'cluster.yaml'),
    ]);
    const status = await labs(['cluster', 'status'], { K8S_LABS_CLUSTER: 'workshop' });
    expect(status.stdout).toContain('context   kind-workshop');
    const bad = await labs(['cluster', 'up', '--name', 'Not_Valid']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"Not_Valid" is not a valid cluster name');
  });
});
