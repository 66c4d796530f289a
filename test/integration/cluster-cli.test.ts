/**
 * `labs doctor` and `labs cluster env` through the built CLI against the real test cluster.
 * Needs K8S_LABS_TEST_KUBECONFIG; reported as skipped without it.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { runBin } from '../helpers/bin.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig) {
  console.warn(
    'SKIPPED test/integration/cluster-cli.test.ts: K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)',
  );
}

describe.skipIf(!kubeconfig)('cluster commands against a real API server', () => {
  const env = { KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: 'k8s-labs-test' };

  test('doctor finds the cluster and names the context and server', async () => {
    const result = await runBin(['doctor', '--json'], { env });
    const report = JSON.parse(result.stdout) as {
      context: string;
      server: string;
      checks: { id: string; status: string; message: string }[];
    };
    expect(report.context).toBe('k8s-labs-test');
    const cluster = report.checks.find((check) => check.id === 'cluster');
    expect(cluster).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(
        /^answers at https:\/\/127\.0\.0\.1:\d+ \(Kubernetes v1\.\d+\.\d+, \d+\/\d+ nodes? Ready\)$/,
      ),
    });
    expect(report.checks.find((check) => check.id === 'context')?.status).toBe('pass');
    expect(result.durationMs).toBeLessThan(5000);
  });

  test('cluster env gives a kubeconfig that real kubectl uses, holding only the test context', async () => {
    const result = await runBin(['cluster', 'env'], { env });
    expect(result.code).toBe(0);
    const file = /^export KUBECONFIG='(.+)'$/m.exec(result.stdout)?.[1];
    expect(file).toBeDefined();
    const kubectl = (...args: string[]) =>
      execFileSync('kubectl', args, { env: { ...process.env, KUBECONFIG: file }, encoding: 'utf8' }).trim();
    expect(kubectl('config', 'get-contexts', '-o', 'name')).toBe('k8s-labs-test');
    expect(kubectl('get', 'namespace', 'default', '-o', 'name')).toBe('namespace/default');
  });
});
