/**
 * `labs solve`, `labs jump` and `labs reset` on the test cluster: what they change in the cluster
 * and in the learner's progress. Needs K8S_LABS_TEST_KUBECONFIG; skipped without it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig) {
  console.warn(
    'SKIPPED test/integration/labtest-solve.test.ts: K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)',
  );
}

const CONTEXT = 'k8s-labs-test';
const lab = path.join(repoRoot, 'test', 'fixtures', 'labtest-good', 'labs', 'labtest-good');
const ns = `labtest-solve-${process.pid}`;

const kubectl = (...args: string[]): string =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig!, '--context', CONTEXT, ...args], { encoding: 'utf8' }).trim();

describe.skipIf(!kubeconfig)('labs solve, jump and reset against the test cluster', () => {
  let env: Record<string, string | undefined>;
  const labs = (args: string[]) =>
    runBin([...args, '--context', CONTEXT, '--var', `namespace=${ns}`], { env, timeoutMs: 120_000 });
  const progress = async () => {
    const result = await runBin(['list', lab, '--json'], { env });
    return (JSON.parse(result.stdout) as { labs: { progress: Record<string, unknown> }[] }).labs[0]!.progress;
  };

  beforeAll(() => {
    env = { KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: undefined, K8S_LABS_STATE_DIR: tempDir('k8s-labs-state-') };
  });

  it('solve applies one step, records it as skipped and moves on', { timeout: 120_000 }, async () => {
    const result = await labs(['solve', lab, '--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      lab: 'labtest-good',
      step: 'settings',
      recordedAs: 'skipped',
      currentStep: 'web-service',
    });
    expect(kubectl('get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}')).toBe('demo');
    expect(await progress()).toMatchObject({
      done: 1,
      passed: 0,
      skipped: 1,
      currentStep: 'web-service',
      solutionsUsed: 1,
    });

    const second = await labs(['solve', lab, '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const { answers } = JSON.parse(second.stdout) as { answers: Record<string, string> };
    expect(answers['web-cluster-ip']).toBe(
      kubectl('get', 'service', 'web', '-n', ns, '-o', 'jsonpath={.spec.clusterIP}'),
    );
  });

  it('jump rebuilds the state at the start of a step', { timeout: 120_000 }, async () => {
    const result = await labs(['jump', lab, 'web-service', '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`✓ reset: deleted namespace ${ns}`);
    expect(result.stdout).toMatch(/✓ step 1 settings: solution applied/);
    expect(kubectl('get', 'configmap', 'settings', '-n', ns, '-o', 'name')).toBe('configmap/settings');
    // The Service of step 2 was removed by the reset and not replayed.
    expect(kubectl('get', 'service', 'web', '-n', ns, '--ignore-not-found', '-o', 'name')).toBe('');
    expect(await progress()).toMatchObject({ currentStep: 'web-service', skipped: 2 });
  });

  it('reset removes the lab and clears its progress', { timeout: 120_000 }, async () => {
    const result = await labs(['reset', lab, '--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      lab: 'labtest-good',
      deleted: { namespaces: [ns], objects: [] },
      progressCleared: true,
    });
    expect(kubectl('get', 'namespace', ns, '--ignore-not-found', '-o', 'name')).toBe('');
    const cleared = await progress();
    expect(cleared).toMatchObject({ done: 0, skipped: 0, solutionsUsed: 0 });
    expect(cleared['currentStep']).toBeUndefined();
  });
});
