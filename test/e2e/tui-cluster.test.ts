/**
 * The built bin in tmux against the real test cluster (test/cluster/up.sh): auto-check turns a
 * step green when the cluster changes, blocks run pinned to the lab context, and `r` rebuilds a
 * step as `labs jump` does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, nodePath, repoRoot, tempDir } from '../helpers/bin.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!kubeconfig)
  console.warn(
    'test/e2e/tui-cluster.test.ts SKIPPED: K8S_LABS_TEST_KUBECONFIG is not set (bash test/cluster/up.sh prints it)',
  );
else if (!hasTmux) console.warn('test/e2e/tui-cluster.test.ts SKIPPED: tmux is not installed');

const labDir = path.join(repoRoot, 'test', 'fixtures', 'tui-lab', 'labs', 'tui-lab');
const namespace = `tui-it-${process.pid}`;
const socket = `k8s-labs-tui-cluster-${process.pid}-${Date.now()}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
const kubectl = (...args: string[]): string =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig!, ...args], { encoding: 'utf8', timeout: 120_000 });

async function waitForScreen(expected: string, timeoutMs = 20_000, session = 'guide'): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = tmux('capture-pane', '-p', '-t', session);
    if (text.includes(expected)) return text;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${JSON.stringify(expected)} on the screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const press = (key: string, session = 'guide'): void => void tmux('send-keys', '-t', session, key);

/** `labs start` on the fixture lab against the test cluster, in a new tmux session. */
function startGuide(session: string, context: string, labNamespace: string): void {
  const command = [
    'env -u CI',
    `K8S_LABS_STATE_DIR=${quote(tempDir('k8s-labs-tui-state-'))}`,
    `KUBECONFIG=${quote(kubeconfig!)}`,
    quote(process.execPath),
    quote(cliPath),
    'start',
    quote(labDir),
    '--context',
    quote(context),
    '--var',
    `namespace=${labNamespace}`,
    '; echo "[exit $?]"; exec sleep 600',
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '40', '-c', repoRoot, command);
}

describe.skipIf(!kubeconfig || !hasTmux)('k8s-labs start against the test cluster (tmux, built bin)', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    // tmux leaves its socket file behind.
    rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    spawnSync('kubectl', [
      '--kubeconfig',
      kubeconfig!,
      'delete',
      'namespace',
      namespace,
      `${namespace}-b`,
      '--ignore-not-found',
      '--wait=false',
    ]);
  });

  it('auto-checks, runs pinned blocks and rebuilds a step', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const context = kubectl('config', 'current-context').trim();
    const command = [
      'env -u CI',
      `K8S_LABS_STATE_DIR=${quote(tempDir('k8s-labs-tui-state-'))}`,
      `KUBECONFIG=${quote(kubeconfig!)}`,
      quote(nodePath),
      quote(cliPath),
      'start',
      quote(labDir),
      '--context',
      quote(context),
      '--var',
      `namespace=${namespace}`,
      '; echo "[exit $?]"; exec sleep 600',
    ].join(' ');
    tmux('new-session', '-d', '-s', 'guide', '-x', '100', '-y', '40', '-c', repoRoot, command);

    await waitForScreen(`● ${context} (https://`);
    await waitForScreen(`there is no namespace ${namespace} yet`);
    kubectl('create', 'namespace', namespace);
    await waitForScreen('✓ Step passed: press n for the next step');

    press('n');
    await waitForScreen(`there is no Service "web" in ${namespace} yet`);
    press('Enter');
    await waitForScreen(`context: ${context} (server https://`);
    press('y');
    await waitForScreen('── $ echo hello-from-block ── ✓ exit 0');

    press('r');
    await waitForScreen('Rebuild the cluster for the start of step 2, "Expose the pods"?');
    press('y');
    await waitForScreen('✓ cluster rebuilt to the start of "Expose the pods"', 90_000);

    press('n');
    await waitForScreen('3. Wrap up');
    press('2');
    await waitForScreen('▶ [2] sh  Enter runs it');
    press('Enter');
    await waitForScreen(`$ kubectl get namespace ${namespace} -o name`);
    press('y');
    const text = await waitForScreen('── $ kubectl get namespace');
    await waitForScreen('✓ exit 0');
    expect(text).toContain(`3. Wrap up`);
    expect(await waitForScreen(`namespace/${namespace}`)).toContain(`namespace/${namespace}`);

    press('q');
    await waitForScreen('[exit 0]');
  }, 180_000);

  it('keeps auto-checking after a pass: breaking the step turns it red, fixing it after c turns it green', async () => {
    const context = kubectl('config', 'current-context').trim();
    const ns = `${namespace}-b`;
    startGuide('again', context, ns);
    const wait = (expected: string, timeoutMs = 30_000) => waitForScreen(expected, timeoutMs, 'again');
    await wait(`● ${context} (https://`);
    await wait(`there is no namespace ${ns} yet`);
    kubectl('create', 'namespace', ns);
    await wait('── checks ── step passed');
    expect(await wait('auto-check on')).toContain('1. Set the scene ✓ passed');

    kubectl('delete', 'namespace', ns, '--wait=true');
    let text = await wait('── checks ── 0 of 1 passed', 90_000);
    expect(text).toContain(`there is no namespace ${ns} yet`);
    expect(text).toContain('auto-check on');

    press('c', 'again');
    await wait('── checks ── 0 of 1 passed');
    kubectl('create', 'namespace', ns);
    text = await wait('── checks ── step passed');
    expect(text).toContain('auto-check on');
    press('q', 'again');
    await wait('[exit 0]');
  }, 240_000);
});
