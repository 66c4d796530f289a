// `labs jump` through the built bin without a cluster. Against a cluster: test/integration/labtest-solve.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin } from '../helpers/bin.js';
import { deadKubeconfig } from '../fixtures/labtest-support/deadCluster.js';

const lab = path.join(repoRoot, 'test', 'fixtures', 'labtest-good', 'labs', 'labtest-good');

describe('labs jump (built bin, no cluster)', () => {
  it('needs a lab and a step', async () => {
    const result = await runBin(['jump', lab]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: missing <step>: the step to start at');
  });

  it('names the steps when the step is unknown', async () => {
    const result = await runBin(['jump', lab, 'step-four', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: lab "labtest-good" has no step "step-four"');
    expect(result.stderr).toContain('next: steps: settings, web-service');
  });

  it('refuses without a terminal and without --yes, before opening the cluster', async () => {
    const result = await runBin(['jump', lab, 'web-service', '--context', 'no-such-context'], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: not changing the cluster without a confirmation: rebuild lab "labtest-good" at step "web-service"',
    );
  });
});
