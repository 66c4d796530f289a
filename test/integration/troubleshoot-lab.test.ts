/**
 * The four-round troubleshooting lab of test/fixtures/troubleshoot (the "done when" of issue 14):
 * its content needs no heredoc, no repeated manifest and no duplicate checker, every wrong-answer
 * fixture names the message it must fail with, and `labs test` passes it on the test cluster
 * (real API server, KWOK nodes). The cluster part needs K8S_LABS_TEST_KUBECONFIG; skipped without it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseFixture } from '../../src/core/labTest/parseFixture.js';
import { renderYamlText } from '../../src/core/yamlTemplate.js';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin } from '../helpers/bin.js';
import { type LabTestJson, problemsOf } from '../helpers/labTestReport.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig) {
  console.warn(
    'SKIPPED the cluster part of test/integration/troubleshoot-lab.test.ts: K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)',
  );
}

const root = path.join(repoRoot, 'test', 'fixtures', 'troubleshoot');
const lab = path.join(root, 'labs', 'broken-shop');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file) : [file];
  });

describe('the broken-shop lab is ported without workarounds', () => {
  const all = files(root);

  it('has no heredoc and no hidden setup in its step text', () => {
    for (const step of all.filter((file) => file.endsWith('.md'))) {
      expect(readFileSync(step, 'utf8'), step).not.toMatch(/<<-?\s*['"]?\w+/);
    }
  });

  it('writes each manifest once: the rounds share assets/shop.yaml', () => {
    const steps = all.filter((file) => file.endsWith('.md')).map((file) => readFileSync(file, 'utf8'));
    expect(steps.filter((text) => text.includes('assets/shop.yaml'))).toHaveLength(4);
    const manifests = all.filter((file) => /\.ya?ml$/.test(file) && path.relative(root, file).startsWith('labs'));
    const texts = manifests.map((file) => readFileSync(file, 'utf8'));
    expect(new Set(texts).size).toBe(texts.length);
    expect(all.some((file) => file.includes(`${path.sep}solutions${path.sep}`))).toBe(false);
  });

  it('has one checker file per check, shared by the rounds with their arguments', () => {
    const checkers = all.filter((file) => file.endsWith('.ts'));
    const texts = checkers.map((file) => readFileSync(file, 'utf8'));
    expect(new Set(texts).size).toBe(checkers.length);
    expect(checkers.map((file) => path.basename(file)).sort()).toEqual(['node-port.ts', 'service-serves.ts']);
    // The checks take the shop's names as params; no checker names the shop itself.
    for (const text of texts) expect(text).not.toMatch(/'shop'/);
    const steps = all.filter((file) => file.endsWith('.md')).map((file) => readFileSync(file, 'utf8'));
    expect(steps.filter((text) => text.includes('use: service-serves'))).toHaveLength(3);
    expect(
      steps.filter((text) => /use: node-port\n\s+with: \{ service: shop, nodePort: "\{\{nodePort\}\}" \}/.test(text)),
    ).toHaveLength(1);
  });

  it('names the expected message of every check a wrong-answer fixture rejects', () => {
    const fixtures = all.filter(
      (file) => path.relative(root, file).split(path.sep)[2] === 'fixtures' && !file.includes('accepts'),
    );
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
    for (const file of fixtures) {
      const render = (text: string): string =>
        renderYamlText(text, { namespace: 'broken-shop', nodePort: '30480' }, { nodePort: 'port' });
      const { fixture } = parseFixture(readFileSync(file, 'utf8'), file, path.basename(file), render);
      expect(Object.keys(fixture.failsWith ?? {}).sort(), file).toEqual([...fixture.rejects].sort());
    }
  });

  it('validates', async () => {
    const result = await runBin(['validate', lab]);
    expect(result.stdout).toContain('ok   broken-shop (4 steps)');
    expect(result.code).toBe(0);
  });
});

describe.skipIf(!kubeconfig)('labs test on the broken-shop lab (test cluster)', () => {
  it('passes: every round fails before (its setup broke it) and passes after, every fixture proves why', async () => {
    const result = await runBin(
      [
        'test',
        lab,
        '--context',
        'k8s-labs-test',
        '--var',
        `namespace=broken-shop-${process.pid}`,
        '--var',
        `nodePort=${30000 + (process.pid % 2000)}`,
        '--json',
      ],
      { env: { KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: undefined }, timeoutMs: 600_000 },
    );
    const report = JSON.parse(result.stdout) as LabTestJson;
    expect(problemsOf(report)).toEqual([]);
    expect(report.summary).toMatchObject({ checksVerified: 4, fixturesVerified: 7, violations: 0, errors: 0 });
    expect(result.code).toBe(0);
  }, 620_000);
});
