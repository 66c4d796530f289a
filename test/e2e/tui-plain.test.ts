/**
 * The plain transcript (`labs start --plain`, automatic with TERM=dumb) in a real terminal
 * (tmux, built bin, no cluster): a linear transcript with the same keys, and not one escape
 * code written. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, tempDir } from '../helpers/bin.js';
import { hasTmux, tmuxServer } from '../helpers/tmux.js';

const labDir = path.join(repoRoot, 'test', 'fixtures', 'tui-lab', 'labs', 'tui-lab');
if (!hasTmux) console.warn('test/e2e/tui-plain.test.ts SKIPPED: tmux is not installed');

const linesOf = (text: string): string[] => text.split('\n').map((line) => line.trimEnd());

describe.skipIf(!hasTmux)('k8s-labs start, plain (tmux, built bin)', () => {
  const server = tmuxServer('tui-plain');
  afterAll(() => server.kill());

  it('with TERM=dumb: step text, numbered blocks, prompts and results as lines, the same keys, no escape codes', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const stateDir = tempDir('k8s-labs-tui-state-');
    const guide = server.start('dumb', {
      args: ['start', labDir],
      env: { TERM: 'dumb', K8S_LABS_STATE_DIR: stateDir, KUBECONFIG: path.join(stateDir, 'no-kubeconfig') },
      size: [100, 50],
      recordRaw: true,
    });
    let text = await guide.waitFor('cluster: no lab cluster (kind-k8s-labs)');
    expect(linesOf(text).slice(0, 22)).toEqual([
      'Terminal guide fixture (k8s-labs, plain mode)',
      '',
      'Step 1 of 3: Set the scene',
      '',
      'The scene',
      '',
      'You work in the namespace demos. This step has emphasis, `inline code` and a list:',
      '',
      '• first point',
      '• second point',
      '',
      '  apiVersion: v1',
      '  kind: Namespace',
      '  metadata:',
      '    name: demos',
      '',
      'Say hello:',
      '',
      '[1] sh',
      '  echo hello-from-step-1',
      '',
      'keys: Enter run, c check, n next, h hint, s solution, l steps, r reset step, a auto-check off, q quit',
    ]);

    guide.press('Enter');
    await guide.waitFor('keys: Enter/y run it, Esc/n cancel');
    guide.press('y');
    text = await guide.waitFor(/✓ exit 0 in \d+ ms/);
    const lines = linesOf(text);
    const ran = lines.indexOf('Run block [1]? (asked once per block)');
    expect(lines.slice(ran, ran + 8)).toEqual([
      'Run block [1]? (asked once per block)',
      '$ echo hello-from-step-1',
      'context: none (no lab cluster: kubectl in this command reaches no cluster; kind-k8s-labs once',
      'created)',
      'keys: Enter/y run it, Esc/n cancel',
      'running block 1… (Ctrl-C stops it)',
      '  hello-from-step-1',
      expect.stringMatching(/^✓ exit 0 in \d+ ms$/),
    ]);

    // The question of step 2: typed with a Backspace and Ctrl-U, echoed on one line.
    guide.press('n');
    await guide.waitFor('Step 2 of 3: Expose the pods');
    guide.press('3');
    await guide.waitFor('selected question: Which port does the web Service in demos listen on?');
    guide.press('Enter');
    await guide.waitFor('question: Which port does the web Service in demos listen on?');
    guide.press('9', '9', 'C-u', '8', '1', 'BSpace', '0', 'Enter');
    text = await guide.waitFor('note: answer saved; it is graded once the cluster is ready');
    expect(linesOf(text)).toContain('answer: 80');

    guide.press('h');
    text = await guide.waitFor('Hint 1. A Service has ports.');
    guide.press('c');
    await guide.waitFor('note: checking needs the lab cluster: press C to create it');
    guide.press('q');
    text = await guide.waitFor('[exit 0]');
    expect(linesOf(text)).toContain('Progress saved: `k8s-labs start tui-lab` resumes at step 2, "Expose the pods".');
    // Not one cursor movement, colour or screen switch reached the terminal.
    expect(guide.raw()).not.toContain('\u001b');
    expect(guide.raw()).toContain('hello-from-step-1');
  }, 60_000);

  it('with --plain in a colour terminal too, and the picker without a lab', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const stateDir = tempDir('k8s-labs-tui-state-');
    const guide = server.start('flag', {
      args: ['start', '--plain'],
      env: { TERM: 'xterm-256color', K8S_LABS_STATE_DIR: stateDir, KUBECONFIG: path.join(stateDir, 'none') },
      cwd: path.dirname(path.dirname(labDir)),
      recordRaw: true,
    });
    let text = await guide.waitFor('keys: 1-1 open a lab, q quit');
    expect(linesOf(text)).toContain('1. Terminal guide fixture (tui-lab, 3 steps, about 5 min, 0 of 3 done)');
    guide.press('1');
    await guide.waitFor('Step 1 of 3: Set the scene');
    guide.press('l');
    text = await guide.waitFor('keys: ↑↓ move, Enter open, J jump here (rebuild cluster), Esc back, q quit');
    expect(linesOf(text)).toEqual(
      expect.arrayContaining(['Steps:', '1. Set the scene (you are here)', '2. Expose the pods', '3. Wrap up']),
    );
    guide.press('j');
    await guide.waitFor('step 2: Expose the pods');
    guide.press('Enter');
    await guide.waitFor('Step 2 of 3: Expose the pods');
    guide.press('q');
    await guide.waitFor('[exit 0]');
    expect(guide.raw()).not.toContain('\u001b');
  }, 60_000);
});
