/** `labs doctor` through the built CLI with stand-in kind/docker and a stand-in API server. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type FakeApiServer, readyNode, startFakeApiServer } from '../fixtures/fake-bin/fakeApiServer.js';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'fake-bin');

let dir: string;
let api: FakeApiServer;
let env: Record<string, string>;

function writeKubeconfig(server: string): string {
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(
    file,
    yaml.dump({
      'current-context': 'production',
      clusters: [
        { name: 'kind-k8s-labs', cluster: { server } },
        { name: 'production', cluster: { server: 'https://127.0.0.1:2' } },
      ],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [
        { name: 'kind-k8s-labs', context: { cluster: 'kind-k8s-labs', user: 'u' } },
        { name: 'production', context: { cluster: 'production', user: 'u' } },
      ],
    }),
  );
  return file;
}

beforeEach(async () => {
  dir = tempDir('labs-doctor-e2e-');
  api = await startFakeApiServer();
  api.put('/api/v1/nodes', readyNode('k8s-labs-control-plane'));
  const state = path.join(dir, 'state');
  env = {
    PATH: `${fakeBin}${path.delimiter}${process.env['PATH']}`,
    KUBECONFIG: writeKubeconfig(api.url),
    FAKE_BIN_STATE: state,
    FAKE_BIN_LOG: path.join(dir, 'calls.log'),
  };
  // The fake kind knows the lab cluster.
  await runBin(['--version']);
  writeFileSync(path.join(dir, 'clusters.json'), '["k8s-labs"]');
  env['FAKE_BIN_STATE'] = dir;
});

afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('labs doctor', () => {
  test('all checks pass (kubectl skew aside): one line each and exit 0', async () => {
    const result = await runBin(['doctor'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok +Docker +daemon reachable \(Docker 28\.2\.2\)$/m);
    expect(result.stdout).toMatch(/^ok +kind +kind v0\.33\.0$/m);
    expect(result.stdout).toMatch(/^(ok|warn) +kubectl +kubectl v\d+\.\d+\.\d+/m);
    expect(result.stdout).toMatch(
      new RegExp(`^ok +cluster k8s-labs +answers at ${api.url} \\(Kubernetes v1\\.37\\.0, 1/1 node Ready\\)$`, 'm'),
    );
    expect(result.stdout).toMatch(
      /^ok +context +kind-k8s-labs \(the lab cluster\), server .*; your current-context is not used$/m,
    );
    expect(result.stdout).toContain('Ready for labs');
  });

  test('--json prints the checks and the exit code', async () => {
    const result = await runBin(['doctor', '--json'], { env });
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      context: string;
      checks: { id: string; status: string }[];
    };
    expect(report.ok).toBe(true);
    expect(report.context).toBe('kind-k8s-labs');
    expect(report.checks.map((check) => check.id)).toEqual(['docker', 'kind', 'kubectl', 'cluster', 'context']);
  });

  test('a stopped Docker daemon and an unreachable cluster: exit 3 within 5 s with next steps', async () => {
    env['KUBECONFIG'] = writeKubeconfig('https://127.0.0.1:1');
    const result = await runBin(['doctor'], { env: { ...env, FAKE_DOCKER_DAEMON: 'down' } });
    expect(result.code).toBe(3);
    expect(result.durationMs).toBeLessThan(5000);
    expect(result.stdout).toMatch(
      /^FAIL Docker +the Docker daemon is not reachable: Cannot connect to the Docker daemon/m,
    );
    expect(result.stdout).toMatch(/next: (start the Docker daemon|start Docker Desktop)/);
    expect(result.stdout).toContain(
      'cannot reach the Kubernetes API server https://127.0.0.1:1 (context kind-k8s-labs): connection refused',
    );
    expect(result.stdout).toMatch(/problems? block the labs/);
  });

  test('missing kind and docker: exit 3 with install hints', async () => {
    const result = await runBin(['doctor'], { env: { ...env, PATH: path.join(dir, 'no-tools') } });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^FAIL Docker +docker is not installed$/m);
    expect(result.stdout).toMatch(/^FAIL kind +kind is not installed$/m);
    expect(result.stdout).toMatch(/^FAIL kubectl +kubectl is not installed$/m);
    expect(result.stdout).toMatch(/next: install kind/);
  });

  test('--context picks another cluster: Docker and kind only warn, and the context is named', async () => {
    const result = await runBin(['doctor', '--context', 'production'], { env: { ...env, FAKE_DOCKER_DAEMON: 'down' } });
    expect(result.stdout).toMatch(/^warn Docker .*you use context production\)$/m);
    expect(result.stdout).toContain('FAIL cluster');
    expect(result.stdout).toContain('https://127.0.0.1:2 (context production)');
    expect(result.stdout).toMatch(/^ok +context +production \(chosen with --context/m);
    expect(result.code).toBe(3);
  });

  test('a context that does not exist lists the available ones', async () => {
    const result = await runBin(['doctor'], { env: { ...env, K8S_LABS_CONTEXT: 'staging' } });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('context staging is not in');
    expect(result.stdout).toContain('(available: kind-k8s-labs, production)');
  });
});
