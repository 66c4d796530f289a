/**
 * The test cluster leaves the host as it found it: sysctls, links, addresses, routes, iptables
 * rules, cgroups, mounts and /run/netns are the same after `up` + `down`, and after an `up` that
 * was killed half-way and then cleaned by `down`. Starts a second, one-node cluster of its own
 * beside the suite's (which stays constant meanwhile). Needs root and a cluster with real nodes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { dataPlaneSkipReason } from '../helpers/dataPlane.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
const skipWhy = dataPlaneSkipReason(kubeconfig);
if (skipWhy) console.warn(`SKIPPED test/integration/hoststate.test.ts: ${skipWhy}`);

const scripts = path.resolve('test/cluster');
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'labs-hoststate-'));
const env = {
  ...process.env,
  K8S_LABS_TESTCLUSTER_DIR: path.join(stateDir, 'cluster'),
  K8S_LABS_TESTCLUSTER_REAL_NODES: '1',
  K8S_LABS_TESTCLUSTER_FRESH: '1',
};

function hostState(): string {
  const result = spawnSync('bash', [path.join(scripts, 'host-state.sh')], { encoding: 'utf8', env });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function down(): void {
  const result = spawnSync('bash', [path.join(scripts, 'down.sh')], { encoding: 'utf8', env, timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
}

describe.skipIf(Boolean(skipWhy))('the test cluster and the host', () => {
  afterAll(() => {
    spawnSync('bash', [path.join(scripts, 'down.sh')], { env, timeout: 60_000 });
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('up then down leaves sysctls, network, iptables, cgroups and mounts as they were', () => {
    const before = hostState();
    const up = spawnSync('bash', [path.join(scripts, 'up.sh')], { encoding: 'utf8', env, timeout: 240_000 });
    expect(up.status, up.stderr.slice(-3000)).toBe(0);
    const during = hostState();
    // The cluster really changed something while up (its cgroups and namespace mounts) ...
    expect(during).not.toEqual(before);
    // ... but never the host's network or kernel settings.
    for (const section of ['sysctl', 'links', 'addresses', 'routes', 'rules', 'iptables', 'ip6tables', 'netns']) {
      expect(sectionOf(during, section), section).toEqual(sectionOf(before, section));
    }
    down();
    expect(hostState()).toEqual(before);
    expect(existsSync(env.K8S_LABS_TESTCLUSTER_DIR)).toBe(false);
  }, 300_000);

  test('an up killed half-way is cleaned by the next down', async () => {
    const before = hostState();
    const up = spawn('bash', [path.join(scripts, 'up.sh')], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let log = '';
    up.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // Kill it (no trap runs on SIGKILL) once the first node has started.
    const deadline = Date.now() + 180_000;
    while (!log.includes('starting node-0') && Date.now() < deadline && up.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(log).toContain('starting node-0');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(-up.pid!, 'SIGKILL');
    await new Promise((resolve) => up.once('close', resolve));
    expect(hostState()).not.toEqual(before);
    down();
    expect(hostState()).toEqual(before);
  }, 300_000);
});

function sectionOf(state: string, name: string): string {
  const start = state.indexOf(`## ${name}\n`);
  const end = state.indexOf('\n## ', start + 1);
  return state.slice(start, end < 0 ? undefined : end);
}
