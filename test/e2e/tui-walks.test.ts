/**
 * Walks through the guide the way a learner does, in a real terminal (tmux, built bin, no
 * cluster), asserting the exact screen: scroll to the end of a long step, type and edit an
 * answer at speed, quit and resume with --context. Needs `npm run build` first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, tempDir } from '../helpers/bin.js';

const fixtureLab = path.join(repoRoot, 'test', 'fixtures', 'tui-lab', 'labs', 'tui-lab');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('test/e2e/tui-walks.test.ts: skipping the terminal walks: tmux is not installed');

const socket = `k8s-labs-walks-${process.pid}-${Date.now()}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screenLines = (session: string): string[] => tmux('capture-pane', '-p', '-t', session).split('\n');
const keys = (session: string, ...sent: string[]): void => void tmux('send-keys', '-t', session, ...sent);

async function waitForScreen(session: string, expected: string | RegExp, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = screenLines(session);
    const text = lines.join('\n');
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return lines;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(expected)} on the screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** `labs start <lab> ...args` in a new tmux session of the given size; the pane stays after it exits. */
function startGuide(session: string, stateDir: string, lab: string, args: string[] = [], size = [80, 24]): void {
  const command = [
    'env -u CI NO_COLOR=1',
    `K8S_LABS_STATE_DIR=${quote(stateDir)}`,
    `KUBECONFIG=${quote(path.join(stateDir, 'no-kubeconfig'))}`,
    quote(process.execPath),
    quote(cliPath),
    'start',
    quote(lab),
    ...args.map(quote),
    '; echo "[exit $?]"; exec sleep 600',
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', String(size[0]), '-y', String(size[1]), '-c', repoRoot, command);
}

describe.skipIf(!hasTmux)('learner walks through the guide (tmux, built bin)', () => {
  beforeAll(() => {
    if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  });
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  });

  it('scrolls to the end of a long step: G and then j show its last line above "end"', async () => {
    startGuide('scroll', tempDir('k8s-labs-walk-'), 'clusterip');
    await waitForScreen('scroll', '1. Three pods, three addresses');
    keys('scroll', 'n', 'n', 'n');
    await waitForScreen('scroll', '4. Create the ClusterIP Service');
    keys('scroll', 'G');
    const lines = await waitForScreen('scroll', /── end · \d+ above/);
    const end = lines.findIndex((line) => line.startsWith('── end · '));
    expect(lines.slice(end - 2, end + 1)).toEqual([
      '"no such name" answer for a while (up to 30 seconds on older ones), and the',
      'curl of the previous step asked for this very name.',
      expect.stringMatching(/^── end · \d+ above \(↑ k PgUp\)$/),
    ]);
    // j at the end stays at the end: nothing further to reach, nothing hidden.
    keys('scroll', 'j', 'j');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screenLines('scroll').slice(end - 2, end + 1)).toEqual(lines.slice(end - 2, end + 1));
    keys('scroll', 'q');
    await waitForScreen('scroll', '[exit 0]');
  }, 60_000);

  it('types and edits an answer with Backspace and Ctrl-U at speed; the value saved is the one shown', async () => {
    const stateDir = tempDir('k8s-labs-walk-');
    startGuide('answer', stateDir, fixtureLab);
    await waitForScreen('answer', '1. Set the scene');
    keys('answer', 'n');
    await waitForScreen('answer', '2. Expose the pods');
    keys('answer', 'Tab', 'Tab', 'Enter');
    await waitForScreen('answer', 'answer: type your answer');
    // One send-keys: the keys reach the app faster than it draws.
    keys('answer', '-l', '10.96.0.1 None None ');
    keys('answer', ...Array<string>(10).fill('BSpace'));
    let lines = await waitForScreen('answer', /answer: 10\.96\.0\.1 *│/);
    expect(lines.find((line) => line.includes('answer: '))).toMatch(/^│ answer: 10\.96\.0\.1 {2,}│$/);
    keys('answer', 'C-u');
    await waitForScreen('answer', 'answer: type your answer');
    keys('answer', '-l', '8O');
    keys('answer', 'BSpace', '0', 'Enter');
    lines = await waitForScreen('answer', 'your answer: 80');
    expect(lines.find((line) => line.includes('your answer: '))?.trim()).toBe('your answer: 80  not graded yet');
    keys('answer', 'q');
    await waitForScreen('answer', '[exit 0]');
  }, 60_000);

  it('quits and resumes with --context: the hint repeats it, and starting that way resumes the step', async () => {
    const stateDir = tempDir('k8s-labs-walk-');
    startGuide('ctx', stateDir, fixtureLab, ['--context', 'kind-workshop'], [100, 30]);
    await waitForScreen('ctx', '1. Set the scene');
    keys('ctx', 'n');
    await waitForScreen('ctx', '2. Expose the pods');
    keys('ctx', 'q');
    const lines = await waitForScreen('ctx', '[exit 0]');
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(
      'Progress saved: `k8s-labs start tui-lab --context kind-workshop` resumes at step 2, "Expose the pods".',
    );
    startGuide('ctx2', stateDir, fixtureLab, ['--context', 'kind-workshop'], [100, 30]);
    const again = await waitForScreen('ctx2', '2. Expose the pods');
    expect(again.join('\n')).toContain('step 2 of 3');
    expect(again.join('\n')).toContain('kind-workshop');
    keys('ctx2', 'q');
    await waitForScreen('ctx2', '[exit 0]');
  }, 60_000);
});
