/**
 * The built bin in a real terminal (tmux): open a lab, move between steps, run a command block,
 * quit, start again and find the same step. Needs `npm run build` first; no cluster.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, nodePath, repoRoot, runBin, tempDir } from '../helpers/bin.js';

const labDir = path.join(repoRoot, 'test', 'fixtures', 'tui-lab', 'labs', 'tui-lab');
const nestedLabDir = path.join(repoRoot, 'test', 'fixtures', 'tui-nested', 'labs', 'tui-nested');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('test/e2e/tui.test.ts: skipping the terminal tests: tmux is not installed');

const socket = `k8s-labs-tui-${process.pid}-${Date.now()}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = (session: string): string => tmux('capture-pane', '-p', '-t', session);

async function waitForScreen(session: string, expected: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (text.includes(expected)) return text;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${JSON.stringify(expected)} on the screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** Starts `labs start [lab]` in a new 100x40 tmux session; the pane stays after it exits. */
function startGuide(
  session: string,
  stateDir: string,
  options: { lab?: string; cwd?: string } = { lab: labDir },
): void {
  // CI=true makes Ink print only its last frame; a learner's terminal never has it.
  const command = [
    'env -u CI',
    `K8S_LABS_STATE_DIR=${quote(stateDir)}`,
    `KUBECONFIG=${quote(path.join(stateDir, 'no-kubeconfig'))}`,
    quote(nodePath),
    quote(cliPath),
    'start',
    ...(options.lab ? [quote(options.lab)] : []),
    '; echo "[exit $?]"; exec sleep 600',
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '40', '-c', options.cwd ?? repoRoot, command);
}

describe.skipIf(!hasTmux)('k8s-labs start in a terminal (tmux, built bin)', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    // tmux leaves its socket file behind.
    rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  });

  it('opens a lab, moves on, runs a block, quits, and resumes at the same step', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const stateDir = tempDir('k8s-labs-tui-state-');

    startGuide('first', stateDir);
    let text = await waitForScreen('first', '1. Set the scene');
    expect(text).toContain('k8s-labs · Terminal guide fixture');
    expect(text).toContain('step 1 of 3');
    await waitForScreen('first', 'no lab cluster (kind-k8s-labs)');

    tmux('send-keys', '-t', 'first', 'n');
    text = await waitForScreen('first', '2. Expose the pods');
    expect(text).toContain('▶ [1] sh  Enter runs it');

    tmux('send-keys', '-t', 'first', 'Enter');
    text = await waitForScreen('first', 'Run block [1]? (asked once per block)');
    expect(text).toContain('$ echo hello-from-block');
    expect(text).toContain('context: none (no lab cluster');

    tmux('send-keys', '-t', 'first', 'Enter');
    text = await waitForScreen('first', '── $ echo hello-from-block ── ✓ exit 0');
    expect(text).toContain('  hello-from-block');

    tmux('send-keys', '-t', 'first', 'q');
    text = await waitForScreen('first', '[exit 0]');
    expect(text).toContain('Progress saved: `k8s-labs start tui-lab` resumes at step 2, "Expose the pods".');

    startGuide('second', stateDir);
    text = await waitForScreen('second', '2. Expose the pods');
    expect(text).toContain('step 2 of 3');
    tmux('send-keys', '-t', 'second', 'q');
    await waitForScreen('second', '[exit 0]');
  }, 60_000);

  it('stops an endless block with Ctrl-C, leaving no process behind, and stays open', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    startGuide('loop', tempDir('k8s-labs-tui-state-'));
    await waitForScreen('loop', '1. Set the scene');
    for (const key of ['n', 'n']) tmux('send-keys', '-t', 'loop', key);
    await waitForScreen('loop', '3. Wrap up');
    tmux('send-keys', '-t', 'loop', 'Enter');
    await waitForScreen('loop', 'Run block [1]?');
    tmux('send-keys', '-t', 'loop', 'y');
    await waitForScreen('loop', 'running… Ctrl-C stops it');
    await waitForScreen('loop', '  tick');
    const running = (): boolean =>
      spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.includes('echo tick; sleep 0.2');
    expect(running()).toBe(true);
    tmux('send-keys', '-t', 'loop', 'C-c');
    const text = await waitForScreen('loop', '■ stopped after');
    expect(text).toContain('3. Wrap up');
    expect(running()).toBe(false);
    tmux('send-keys', '-t', 'loop', 'q');
    await waitForScreen('loop', '[exit 0]');
  }, 60_000);

  it('runs exactly the highlighted block, in a list item, in a quote and at the top level', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    startGuide('nested', tempDir('k8s-labs-tui-state-'), { lab: nestedLabDir });
    await waitForScreen('nested', 'no lab cluster (kind-k8s-labs)');
    const blocks = [
      ['echo "list item ran: $((40 + 2))"', 'list item ran: 42'],
      ['echo "quote ran: $((50 + 5))"', 'quote ran: 55'],
      ['echo "top level ran in demos: $((60 + 6))"', 'top level ran in demos: 66'],
    ] as const;
    for (const [index, [script, output]] of blocks.entries()) {
      if (index > 0) tmux('send-keys', '-t', 'nested', 'Tab');
      let text = await waitForScreen('nested', `▶ [${index + 1}] sh  Enter runs it`);
      // The code drawn with the bold gutter is the highlighted block.
      const shown = text
        .split('\n')
        .filter((line) => line.includes('┃ '))
        .map((line) => line.slice(line.indexOf('┃ ') + 2).trimEnd());
      expect(shown).toEqual([script]);
      tmux('send-keys', '-t', 'nested', 'Enter');
      text = await waitForScreen('nested', `Run block [${index + 1}]? (asked once per block)`);
      expect(text).toContain(`$ ${script}`);
      tmux('send-keys', '-t', 'nested', 'Enter');
      text = await waitForScreen('nested', `── $ ${script} ── ✓ exit 0`);
      expect(text).toContain(`  ${output}`);
    }
    tmux('send-keys', '-t', 'nested', 'q');
    await waitForScreen('nested', '[exit 0]');
  }, 60_000);

  it('offers a picker without a lab, with the labs of the folder it runs in', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    startGuide('picker', tempDir('k8s-labs-tui-state-'), { cwd: path.dirname(path.dirname(labDir)) });
    let text = await waitForScreen('picker', 'k8s-labs · choose a lab');
    expect(text).toContain('▶ Terminal guide fixture');
    expect(text).toContain('tui-lab · 3 steps · ~5 min');
    expect(text).toContain('not started');
    tmux('send-keys', '-t', 'picker', 'Enter');
    text = await waitForScreen('picker', '1. Set the scene');
    expect(text).toContain('step 1 of 3');
    tmux('send-keys', '-t', 'picker', 'q');
    await waitForScreen('picker', '[exit 0]');
  }, 60_000);
});

describe('k8s-labs start without a terminal', () => {
  it('points to labs check and labs list, and exits 2', async () => {
    const result = await runBin(['start', labDir]);
    expect(result.stderr).toBe(
      'k8s-labs start needs an interactive terminal; use `labs check` and `labs list` instead\n',
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });
});
