/**
 * The built bin in a real terminal (tmux): open a lab, move between steps, run a command block,
 * quit, start again and find the same step. Needs `npm run build` first; no cluster.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { hasTmux, type TmuxSession, tmuxServer } from '../helpers/tmux.js';

const labDir = path.join(repoRoot, 'test', 'fixtures', 'tui-lab', 'labs', 'tui-lab');
const nestedLabDir = path.join(repoRoot, 'test', 'fixtures', 'tui-nested', 'labs', 'tui-nested');
if (!hasTmux) console.warn('test/e2e/tui.test.ts: skipping the terminal tests: tmux is not installed');

const server = tmuxServer('tui');
const sessions = new Map<string, TmuxSession>();
const waitForScreen = (session: string, expected: string): Promise<string> =>
  sessions.get(session)!.waitForScreen(expected);
const press = (session: string, ...keys: string[]): void => sessions.get(session)!.press(...keys);

/** Starts `labs start [lab]` in a new 100x40 tmux session; the pane stays after it exits. */
function startGuide(
  session: string,
  stateDir: string,
  options: { lab?: string; cwd?: string } = { lab: labDir },
): void {
  const started = server.start(session, {
    args: ['start', ...(options.lab ? [options.lab] : [])],
    env: { K8S_LABS_STATE_DIR: stateDir, KUBECONFIG: path.join(stateDir, 'no-kubeconfig') },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  sessions.set(session, started);
}

describe.skipIf(!hasTmux)('k8s-labs start in a terminal (tmux, built bin)', () => {
  afterAll(() => server.kill());

  it('opens a lab, moves on, runs a block, quits, and resumes at the same step', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const stateDir = tempDir('k8s-labs-tui-state-');

    startGuide('first', stateDir);
    let text = await waitForScreen('first', '1. Set the scene');
    expect(text).toContain('k8s-labs · Terminal guide fixture');
    expect(text).toContain('step 1 of 3');
    await waitForScreen('first', 'no lab cluster (kind-k8s-labs)');

    press('first', 'n');
    text = await waitForScreen('first', '2. Expose the pods');
    expect(text).toContain('▶ [1] sh  Enter runs it');

    press('first', 'Enter');
    text = await waitForScreen('first', 'Run block [1]? (asked once per block)');
    expect(text).toContain('$ echo hello-from-block');
    expect(text).toContain('context: none (no lab cluster');

    press('first', 'Enter');
    text = await waitForScreen('first', '── $ echo hello-from-block ── ✓ exit 0');
    expect(text).toContain('  hello-from-block');

    press('first', 'q');
    text = await waitForScreen('first', '[exit 0]');
    expect(text).toContain('Progress saved: `k8s-labs start tui-lab` resumes at step 2, "Expose the pods".');

    startGuide('second', stateDir);
    text = await waitForScreen('second', '2. Expose the pods');
    expect(text).toContain('step 2 of 3');
    press('second', 'q');
    await waitForScreen('second', '[exit 0]');
  }, 60_000);

  it('stops an endless block with Ctrl-C, leaving no process behind, and stays open', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    startGuide('loop', tempDir('k8s-labs-tui-state-'));
    await waitForScreen('loop', '1. Set the scene');
    for (const key of ['n', 'n']) press('loop', key);
    await waitForScreen('loop', '3. Wrap up');
    press('loop', 'Enter');
    await waitForScreen('loop', 'Run block [1]?');
    press('loop', 'y');
    await waitForScreen('loop', 'running… Ctrl-C stops it');
    await waitForScreen('loop', '  tick');
    const running = (): boolean =>
      spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.includes('echo tick; sleep 0.2');
    expect(running()).toBe(true);
    press('loop', 'C-c');
    const text = await waitForScreen('loop', '■ stopped after');
    expect(text).toContain('3. Wrap up');
    expect(running()).toBe(false);
    press('loop', 'q');
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
      if (index > 0) press('nested', 'Tab');
      let text = await waitForScreen('nested', `▶ [${index + 1}] sh  Enter runs it`);
      // The code drawn with the bold gutter is the highlighted block.
      const shown = text
        .split('\n')
        .filter((line) => line.includes('┃ '))
        .map((line) => line.slice(line.indexOf('┃ ') + 2).trimEnd());
      expect(shown).toEqual([script]);
      press('nested', 'Enter');
      text = await waitForScreen('nested', `Run block [${index + 1}]? (asked once per block)`);
      expect(text).toContain(`$ ${script}`);
      press('nested', 'Enter');
      text = await waitForScreen('nested', `── $ ${script} ── ✓ exit 0`);
      expect(text).toContain(`  ${output}`);
    }
    press('nested', 'q');
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
    press('picker', 'Enter');
    text = await waitForScreen('picker', '1. Set the scene');
    expect(text).toContain('step 1 of 3');
    press('picker', 'q');
    await waitForScreen('picker', '[exit 0]');
  }, 60_000);

  // Ink's React DevTools mode: inside the bundle it read a package.json that is not there, and the
  // guide ended with "unexpected failure: ENOENT".
  it('opens the guide for a learner whose shell sets DEV=true', async () => {
    const stateDir = tempDir('k8s-labs-tui-state-');
    sessions.set(
      'dev',
      server.start('dev', {
        args: ['start', labDir],
        env: { DEV: 'true', K8S_LABS_STATE_DIR: stateDir, KUBECONFIG: path.join(stateDir, 'no-kubeconfig') },
      }),
    );
    const text = await waitForScreen('dev', '1. Set the scene');
    expect(text).not.toContain('react-devtools-core');
    press('dev', 'q');
    await waitForScreen('dev', '[exit 0]');
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
