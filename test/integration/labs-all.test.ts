/**
 * Every shipped lab proven on a real API server (the Go-built test cluster): each check fails on
 * the unsolved state and passes after the reference solution, every wrong-answer fixture is
 * rejected, and the questions about the `kubernetes` Service are answered from the live API.
 * On a cluster with real nodes (test/cluster/up.sh) nothing is skipped: exec, DNS and traffic
 * checks run too. On a KWOK-only cluster they are skipped and counted. Needs K8S_LABS_TEST_KUBECONFIG.
 */
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { realNodeCount } from '../helpers/dataPlane.js';
import { type LabTestJson, problemsOf } from '../helpers/labTestReport.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig) {
  console.warn(
    'SKIPPED test/integration/labs-all.test.ts: K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)',
  );
}

describe.skipIf(!kubeconfig)('labs test --all on the shipped labs', () => {
  it('holds every rule on a real API server', async () => {
    const result = await runBin(['test', '--all', '--json', '--context', 'k8s-labs-test'], {
      env: { KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: undefined },
      timeoutMs: 1_500_000,
    });
    const report = JSON.parse(result.stdout) as LabTestJson;
    expect(problemsOf(report)).toEqual([]);
    expect(report.summary).toMatchObject({ labs: 4, violations: 0, errors: 0 });
    expect(report.ok).toBe(true);
    expect(result.code).toBe(0);
    if (realNodeCount(kubeconfig) > 0) {
      // Real nodes: every data-plane check and fixture is verified, none skipped.
      expect(report.dataPlane).toBe(true);
      expect(report.summary.skipped).toBe(0);
    } else {
      // KWOK nodes have no data plane: exec and traffic checks are skipped, and counted.
      expect(report.dataPlane).toBe(false);
      expect(report.summary.skipped).toBeGreaterThan(0);
    }
    expect(report.summary.checksVerified).toBeGreaterThanOrEqual(50);
    expect(report.summary.fixturesVerified).toBeGreaterThanOrEqual(45);
    console.info(`labs test --all: ${JSON.stringify(report.summary)}`);

    // The expected values come from the API (the test cluster's targetPort is its random port).
    const kubernetesService = report.labs
      .find((lab) => lab.lab === 'clusterip')!
      .steps.find((step) => step.id === 'kubernetes-service')!;
    for (const question of ['kubernetes-target-port', 'kubernetes-label-count', 'kubernetes-port']) {
      expect(kubernetesService.checks.find((c) => c.id === question)?.verdict, question).toBe('ok');
    }
  }, 1_600_000);
});
