/**
 * On the real test cluster (test/cluster/up.sh), in tmux with the built bin: `d` in the guide
 * shows where the learner's Service differs from the solution (the answer hidden) and records
 * it; the plain transcript announces auto-check results as single lines.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, tempDir } from '../helpers/bin.js';
import { hasTmux, tmuxServer } from '../helpers/tmux.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig)
  console.warn(
    'test/e2e/tui-explain-plain.test.ts SKIPPED: K8S_LABS_TEST_KUBECONFIG is not set (bash test/cluster/up.sh prints it)',
  );
else if (!hasTmux) console.warn('test/e2e/tui-explain-plain.test.ts SKIPPED: tmux is not installed');

const labDir = path.join(repoRoot, 'test', 'fixtures', 'tui-lab', 'labs', 'tui-lab');
const namespace = `tui-explain-${process.pid}`;
const kubectl = (...args: string[]): string =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig!, ...args], { encoding: 'utf8', timeout: 120_000 });

describe.skipIf(!kubeconfig || !hasTmux)('the guide on the test cluster: d and the plain transcript', () => {
  const server = tmuxServer('tui-explain');
  const namespaces: string[] = [];
  afterAll(() => {
    server.kill();
    if (namespaces.length > 0) kubectl('delete', 'namespace', ...namespaces, '--ignore-not-found', '--wait=false');
  });

  const start = (session: string, ns: string, extra: string[], env: Record<string, string> = {}) => {
    namespaces.push(ns);
    const stateDir = tempDir('k8s-labs-tui-state-');
    const context = kubectl('config', 'current-context').trim();
    const guide = server.start(session, {
      args: ['start', labDir, '--context', context, '--var', `namespace=${ns}`, ...extra],
      env: { K8S_LABS_STATE_DIR: stateDir, KUBECONFIG: kubeconfig!, ...env },
      recordRaw: true,
    });
    return { guide, stateDir, context };
  };

  it('d shows the field-level diff of a failed step, hides the answer, and records it', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const { guide, stateDir, context } = start('explain', namespace, []);
    await guide.waitFor(`● ${context} (https://`);
    kubectl('create', 'namespace', namespace);
    await guide.waitFor('✓ Step passed: press n for the next step', 30_000);
    guide.press('n');
    await guide.waitFor(`there is no Service "web" in ${namespace} yet`, 30_000);
    // A Service with the wrong ports: port 81 (the question's answer is 80), targetPort 80 (8080 wanted).
    kubectl('create', 'service', 'clusterip', 'web', '--tcp=81:80', '-n', namespace);
    // Auto-check grades the new Service (no c: a key pressed while c checks would be a race).
    await guide.waitFor('✓ the web Service exists', 30_000);
    // d applies while no check runs (the footer offers it then).
    const deadline = Date.now() + 30_000;
    while (/checking/.test(guide.screen()) || !guide.screen().includes('d diff with the solution')) {
      if (Date.now() > deadline) throw new Error(`the check did not end:\n${guide.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    guide.press('d');
    const text = await guide.waitFor('    spec.ports[0].targetPort: yours 80, expected 8080', 30_000);
    expect(text).toContain(`  Service web in ${namespace} (solutions/tui-lab/expose/service.yaml)`);
    expect(text).toContain('    spec.ports[0].port: yours 81, expected (hidden: it answers a question of this step)');
    expect(text).not.toMatch(/expected 80\b/);
    guide.press('q');
    await guide.waitFor('[exit 0]');
    const progress = JSON.parse(readFileSync(path.join(stateDir, 'progress', 'tui-lab.json'), 'utf8')) as {
      steps: Record<string, { explainedAt?: string[] }>;
    };
    expect(progress.steps['expose']?.explainedAt).toHaveLength(1);
  }, 180_000);

  it('plain: auto-check results are announced one line each as the cluster changes', async () => {
    const ns = `${namespace}-plain`;
    const { guide, context } = start('plain', ns, ['--plain']);
    await guide.waitFor(`cluster: ${context} (https://`);
    await guide.waitFor(
      `check 1 of 1 failed: the lab namespace exists: there is no namespace ${ns} yet (hint: kubectl create namespace ${ns})`,
      30_000,
    );
    kubectl('create', 'namespace', ns);
    const text = await guide.waitFor('step passed: press n for the next step', 30_000);
    expect(text).toContain(`check 1 of 1 passed: the lab namespace exists: ${ns} exists`);
    guide.press('q');
    await guide.waitFor('[exit 0]');
    expect(guide.raw()).not.toContain('\u001b');
  }, 180_000);
});
