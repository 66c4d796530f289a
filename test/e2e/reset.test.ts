// `labs reset` through the built bin without a cluster. Against a cluster: test/integration/labtest*.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin } from '../helpers/bin.js';
import { DEAD_CONTEXT, deadKubeconfig } from '../fixtures/labtest-support/deadCluster.js';

const lab = path.join(repoRoot, 'test', 'fixtures', 'labtest-good', 'labs', 'labtest-good');

describe('labs reset (built bin, no cluster)', () => {
  it('refuses without a terminal and without --yes, before opening the cluster', async () => {
    const result = await runBin(['reset', lab, '--context', 'no-such-context'], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: not changing the cluster without a confirmation: reset lab "labtest-good"');
  });

  it('refuses a namespace no lab may delete, whatever --var says', async () => {
    const result = await runBin(['reset', lab, '--yes', '--var', 'namespace=kube-system', '--context', DEAD_CONTEXT], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: lab "labtest-good" would own namespace "kube-system", which no lab may delete',
    );
  });

  it('exits 3 when the cluster cannot be reached', async () => {
    const result = await runBin(['reset', lab, '--yes', '--context', DEAD_CONTEXT], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('127.0.0.1:9');
  });
});
