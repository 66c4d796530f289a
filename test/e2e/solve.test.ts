// `labs solve` through the built bin without a cluster: it never changes a cluster unasked.
// Against a real cluster: test/integration/labtest-solve.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin } from '../helpers/bin.js';
import { DEAD_CONTEXT, deadKubeconfig } from '../fixtures/labtest-support/deadCluster.js';

const lab = path.join(repoRoot, 'test', 'fixtures', 'labtest-good', 'labs', 'labtest-good');

describe('labs solve (built bin, no cluster)', () => {
  it('refuses without a terminal and without --yes, before opening the cluster', async () => {
    // The context does not exist: had solve opened the cluster, it would exit 3.
    const result = await runBin(['solve', lab, '--context', 'no-such-context'], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: not changing the cluster without a confirmation: apply the reference solution of step "settings"',
    );
    expect(result.stderr).toContain('next: pass --yes to go ahead without being asked');
  });

  it('names the steps when --step is unknown', async () => {
    const result = await runBin(['solve', lab, '--step', 'nope', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: lab "labtest-good" has no step "nope"');
    expect(result.stderr).toContain('next: steps: settings, web-service');
  });

  it('exits 3 when the cluster cannot be reached, and records nothing', async () => {
    const result = await runBin(['solve', lab, '--yes', '--context', DEAD_CONTEXT], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('127.0.0.1:9');
  });
});
