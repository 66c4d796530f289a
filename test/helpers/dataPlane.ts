/** Whether the test cluster of K8S_LABS_TEST_KUBECONFIG has real nodes, and why a test skips if not. */
import { execFileSync } from 'node:child_process';

export const TEST_CONTEXT = 'k8s-labs-test';

export function realNodeCount(kubeconfig: string | undefined): number {
  if (!kubeconfig) return 0;
  try {
    const out = execFileSync(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        '--context',
        TEST_CONTEXT,
        'get',
        'nodes',
        '-l',
        'k8s-labs.test/node=real',
        '-o',
        'name',
      ],
      { encoding: 'utf8', timeout: 15_000 },
    );
    return out.split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** Empty when the cluster has at least `needed` real nodes; else the reason to print with SKIPPED. */
export function dataPlaneSkipReason(kubeconfig: string | undefined, needed = 2): string {
  if (!kubeconfig) return 'K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)';
  const nodes = realNodeCount(kubeconfig);
  return nodes < needed
    ? `the test cluster has ${nodes} real nodes, ${needed} are needed (K8S_LABS_TESTCLUSTER_DATAPLANE=0 starts KWOK nodes only)`
    : '';
}
