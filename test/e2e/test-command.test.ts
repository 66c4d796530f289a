// `labs test` through the built bin without a cluster: bad input exits 2, an unusable cluster 3.
// Against a real cluster: test/integration/labtest.test.ts. Build first: `npm run build`.
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { DEAD_CONTEXT, deadKubeconfig } from '../fixtures/labtest-support/deadCluster.js';

const good = path.join(repoRoot, 'test', 'fixtures', 'labtest-good');

describe('labs test (built bin, no cluster)', () => {
  it('asks for labs or --all', async () => {
    const result = await runBin(['test']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: name the labs to test, or pass --all');
    const both = await runBin(['test', 'x', '--all']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('pass lab names or --all, not both');
  });

  it('refuses broken lab content with its problems, before touching any cluster', async () => {
    const root = tempDir();
    cpSync(good, root, { recursive: true });
    writeFileSync(path.join(root, 'labs', 'labtest-good', 'steps', '01-settings.md'), '---\nid: settings\ntitle: Keep a setting\nchecks: [no-such-check]\n---\nText\n');
    const result = await runBin(['test', '--all', '--context', DEAD_CONTEXT], { cwd: root, env: { KUBECONFIG: deadKubeconfig() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('labs/labtest-good/steps/01-settings.md:4: "no-such-check" has no checker');
    expect(result.stderr).toContain('error: lab content has 2 problems; not testing on the cluster');
  });

  it('exits 3 with the next step when the context is missing', async () => {
    const result = await runBin(['test', path.join(good, 'labs', 'labtest-good'), '--context', 'no-such-context'], { env: { KUBECONFIG: deadKubeconfig() } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('context "no-such-context" is not in your kubeconfig');
  });

  it('exits 3 fast when the cluster does not answer, with one JSON document under --json', async () => {
    const result = await runBin(['test', path.join(good, 'labs', 'labtest-good'), '--json', '--context', DEAD_CONTEXT], { env: { KUBECONFIG: deadKubeconfig() } });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { exitCode: 3 } });
    expect(result.stderr).toContain('127.0.0.1:9');
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('documents its options', async () => {
    const result = await runBin(['test', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--all', '--junit <value>', '--keep', '--json', '--context <value>']) expect(result.stdout).toContain(option);
  });
});
