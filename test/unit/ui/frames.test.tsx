/**
 * The main screens as the learner sees them: each test asserts the whole ANSI-stripped frame at
 * 80 and 120 columns (24 rows), so a layout change anywhere on the screen shows up here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { App } from '../../../src/ui/App.js';
import {
  check,
  fakeCluster,
  fakeGrader,
  fakeServices,
  fakeShell,
  KEYS,
  pickerChoices,
  prints,
  type Rendered,
  renderLab,
  renderTui,
  stepReport,
  tempStateDir,
  waitUntil,
} from './fakes.js';

afterEach(() => cleanup());

const ROWS = 24;

const frame = (...lines: string[]): string => lines.join('\n');

/**
 * Waits for the screen to settle on `expected` (the first frame is drawn before the test terminal
 * has its size), then compares the whole frame, so a mismatch shows as a diff.
 */
async function expectFrame(app: Rendered, expected: string): Promise<void> {
  await app.waitFor((text) => text === expected).catch(() => undefined);
  expect(app.text()).toBe(expected);
}

/** The guide on step 1 of the fixture lab, connected to a fake cluster. */
async function labAt(columns: number, options: Parameters<typeof renderLab>[0] = {}) {
  const opened = renderLab({ columns, rows: ROWS, ...options });
  await opened.app.waitFor('● kind-k8s-labs');
  return opened;
}

describe('full frames', () => {
  it.each([
    [
      80,
      frame(
        'k8s-labs · choose a lab',
        '───────────────────────────────────────────────────────────────────────────────',
        '  broken-lab',
        '    broken-lab · 0 steps · ~0 min · ░░░░░░░░░░ broken: run `labs validate`',
        '▶ Terminal guide fixture (last opened)',
        '    tui-lab · 3 steps · ~5 min · ███░░░░░░░ 1/3 done, at "Expose the pods"',
        '  Another lab',
        '    other · 6 steps · ~40 min · ░░░░░░░░░░ not started',
        '',
        '↑↓ move · Enter open · q quit',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · choose a lab',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        '  broken-lab',
        '    broken-lab · 0 steps · ~0 min · ░░░░░░░░░░ broken: run `labs validate`',
        '▶ Terminal guide fixture (last opened)',
        '    tui-lab · 3 steps · ~5 min · ███░░░░░░░ 1/3 done, at "Expose the pods"',
        '  Another lab',
        '    other · 6 steps · ~40 min · ░░░░░░░░░░ not started',
        '',
        '↑↓ move · Enter open · q quit',
      ),
    ],
  ])('lab picker at %i columns', async (columns, expected) => {
    const store = createProgressStore({ dir: tempStateDir(), warn: () => {} });
    const app = renderTui(
      <App
        services={fakeServices({ store })}
        start={{ kind: 'pick', choices: pickerChoices }}
        theme={{ color: true }}
      />,
      { columns, rows: ROWS },
    );
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 1 of 3 ███░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a',
        'list:',
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
        '▶ [1] sh  Enter runs it',
        '┃ echo hello-from-step-1',
        'Enter run · c check · n next · h hint · s solution · l steps · r reset step',
        'a auto-check off · q quit',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 1 of 3 █████░░░░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a list:',
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
        '▶ [1] sh  Enter runs it',
        '┃ echo hello-from-step-1',
        '',
        'Enter run · c check · n next · h hint · s solution · l steps · r reset step · a auto-check off · q quit',
      ),
    ],
  ])('lab screen at %i columns', async (columns, expected) => {
    const { app } = await labAt(columns);
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 1 of 3 ███░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a',
        'list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '  kind: Namespace',
        '  metadata:',
        '    name: demos',
        '── 5 more lines below (↓ j PgDn)',
        '╭─────────────────────────────────────────────────────────────────────────────╮',
        '│ Run block [1]? (asked once per block)                                       │',
        '│ $ echo hello-from-step-1                                                    │',
        '│ context: kind-k8s-labs (server https://127.0.0.1:41234)                     │',
        '╰─────────────────────────────────────────────────────────────────────────────╯',
        'Enter/y run it · Esc/n cancel',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 1 of 3 █████░░░░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '  kind: Namespace',
        '  metadata:',
        '    name: demos',
        '',
        '── 4 more lines below (↓ j PgDn)',
        '╭─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮',
        '│ Run block [1]? (asked once per block)                                                                               │',
        '│ $ echo hello-from-step-1                                                                                            │',
        '│ context: kind-k8s-labs (server https://127.0.0.1:41234)                                                             │',
        '╰─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯',
        'Enter/y run it · Esc/n cancel',
      ),
    ],
  ])('run confirmation at %i columns', async (columns, expected) => {
    const { app } = await labAt(columns);
    await app.press(KEYS.enter);
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 1 of 3 ███░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a',
        'list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '  kind: Namespace',
        '  metadata:',
        '    name: demos',
        '',
        '── 4 more lines below (↓ j PgDn)',
        '╭─────────────────────────────────────────────────────────────────────────────╮',
        '│ Reveal the solution of this step?                                           │',
        '│ It is recorded in your progress. Try a hint (h) first if you have not.      │',
        '╰─────────────────────────────────────────────────────────────────────────────╯',
        'Enter/y show the solution · Esc/n cancel',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 1 of 3 █████░░░░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a list:',
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
        '── 3 more lines below (↓ j PgDn)',
        '╭─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮',
        '│ Reveal the solution of this step?                                                                                   │',
        '│ It is recorded in your progress. Try a hint (h) first if you have not.                                              │',
        '╰─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯',
        'Enter/y show the solution · Esc/n cancel',
      ),
    ],
  ])('solution confirmation at %i columns', async (columns, expected) => {
    const { app } = await labAt(columns);
    await app.press('s');
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 1 of 3 ███░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a',
        'list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '  kind: Namespace',
        '  metadata:',
        '    name: demos',
        '── 5 more lines below (↓ j PgDn)',
        '╭─────────────────────────────────────────────────────────────────────────────╮',
        '│ Rebuild the cluster for the start of step 1, "Set the scene"?               │',
        '│ This deletes namespace demos and applies nothing else.                      │',
        '│ context: kind-k8s-labs (server https://127.0.0.1:41234)                     │',
        '╰─────────────────────────────────────────────────────────────────────────────╯',
        'Enter/y rebuild · Esc/n cancel',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 1 of 3 █████░░░░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '  kind: Namespace',
        '  metadata:',
        '    name: demos',
        '',
        '── 4 more lines below (↓ j PgDn)',
        '╭─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮',
        '│ Rebuild the cluster for the start of step 1, "Set the scene"?                                                       │',
        '│ This deletes namespace demos and applies nothing else.                                                              │',
        '│ context: kind-k8s-labs (server https://127.0.0.1:41234)                                                             │',
        '╰─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯',
        'Enter/y rebuild · Esc/n cancel',
      ),
    ],
  ])('reset confirmation at %i columns', async (columns, expected) => {
    const { app } = await labAt(columns);
    await app.press('r');
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 1 of 3 ███░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────',
        'Steps',
        '▶  1. Set the scene (you are here)',
        '   2. Expose the pods',
        '   3. Wrap up',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '↑↓ move · Enter open · J jump here (rebuild cluster) · Esc back · q quit',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 1 of 3 █████░░░░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'Steps',
        '▶  1. Set the scene (you are here)',
        '   2. Expose the pods',
        '   3. Wrap up',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '↑↓ move · Enter open · J jump here (rebuild cluster) · Esc back · q quit',
      ),
    ],
  ])('step list at %i columns', async (columns, expected) => {
    const { app } = await labAt(columns);
    await app.press('l');
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 2 of 3 ██████░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '2. Expose the pods',
        '───────────────────────────────────────────────────────────────────────────────',
        'Expose the pods',
        '',
        'Run the first block; the second one fails on purpose.',
        '',
        '▷ [1] sh',
        '│ echo hello-from-block',
        '',
        '▷ [2] sh',
        '│ echo about-to-fail; echo broken-on-purpose >&2; exit 3',
        '',
        'Questions',
        '',
        '▶ [Q1] Which port does the web Service in demos listen on?',
        '       not answered yet: select it and press Enter',
        '╭─────────────────────────────────────────────────────────────────────────────╮',
        '│ Which port does the web Service in demos listen on?                         │',
        '│ answer: 80                                                                  │',
        '╰─────────────────────────────────────────────────────────────────────────────╯',
        'Enter submit and check it against the cluster · Esc cancel',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 2 of 3 █████████░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '2. Expose the pods',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'Expose the pods',
        '',
        'Run the first block; the second one fails on purpose.',
        '',
        '▷ [1] sh',
        '│ echo hello-from-block',
        '',
        '▷ [2] sh',
        '│ echo about-to-fail; echo broken-on-purpose >&2; exit 3',
        '',
        'Questions',
        '',
        '▶ [Q1] Which port does the web Service in demos listen on?',
        '       not answered yet: select it and press Enter',
        '╭─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮',
        '│ Which port does the web Service in demos listen on?                                                                 │',
        '│ answer: 80                                                                                                          │',
        '╰─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯',
        'Enter submit and check it against the cluster · Esc cancel',
      ),
    ],
  ])('answer dialog at %i columns', async (columns, expected) => {
    const { app } = await labAt(columns);
    await app.press('n');
    await app.waitFor('2. Expose the pods');
    // Items are the two blocks, then the question.
    await app.press('3', KEYS.enter, '8', '0');
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        '$ echo hello-from-step-1',
        'hello-from-step-1',
        'a warning',
        '✓ exit 0 in 12 ms',
        'k8s-labs · Terminal guide fixture                step 1 of 3 ███░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a',
        'list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '── 8 more lines below (↓ j PgDn)',
        '── $ echo hello-from-step-1 ── ✓ exit 0 in 12 ms',
        '  hello-from-step-1',
        '  a warning',
        '── checks ── 0 of 1 passed',
        '  ✗ namespace-exists title',
        '    namespace "demos" not found',
        '    hint: create it',
        'Enter run · c check · n next · h hint · s solution · l steps · r reset step',
        'a auto-check off · x close output · ↑↓ PgUp PgDn scroll · [ ] output · q quit',
      ),
    ],
    [
      120,
      frame(
        '$ echo hello-from-step-1',
        'hello-from-step-1',
        'a warning',
        '✓ exit 0 in 12 ms',
        'k8s-labs · Terminal guide fixture                                                   step 1 of 3 █████░░░░░░░░░ 0/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '1. Set the scene',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'The scene',
        '',
        'You work in the namespace demos. This step has emphasis, inline code and a list:',
        '',
        '• first point',
        '• second point',
        '',
        '  apiVersion: v1',
        '  kind: Namespace',
        '── 7 more lines below (↓ j PgDn)',
        '── $ echo hello-from-step-1 ── ✓ exit 0 in 12 ms',
        '  hello-from-step-1',
        '  a warning',
        '── checks ── 0 of 1 passed',
        '  ✗ namespace-exists title',
        '    namespace "demos" not found',
        '    hint: create it',
        'Enter run · c check · n next · h hint · s solution · l steps · r reset step · a auto-check off · x close output',
        '↑↓ PgUp PgDn scroll · [ ] output · q quit',
      ),
    ],
  ])('lab screen with command output and check results at %i columns', async (columns, expected) => {
    const shell = fakeShell({
      'hello-from-step-1': prints([
        ['hello-from-step-1', 'stdout'],
        ['a warning', 'stderr'],
      ]),
    });
    const grader = fakeGrader((stepId) =>
      stepReport(stepId, [check('namespace-exists', 'fail', 'namespace "demos" not found', { hint: 'create it' })]),
    );
    const { app } = await labAt(columns, { connect: { ok: true, cluster: fakeCluster({ shell, grader }) } });
    await app.press(KEYS.enter);
    await app.waitFor('Run block [1]?');
    await app.press(KEYS.enter);
    await app.waitFor('✓ exit 0');
    await app.press('c');
    // The finished run is <Static> output: ink-testing-library shows it above the live frame.
    await expectFrame(app, expected);
  });

  it.each([
    [
      80,
      frame(
        'k8s-labs · Terminal guide fixture                step 3 of 3 █████████ 1/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '3. Wrap up',
        '───────────────────────────────────────────────────────────────────────────────',
        'End of "Terminal guide fixture"',
        '',
        'Time taken:          12 min 34 s',
        'Steps done:          1 of 3 (1 passed)',
        'Hints used:          1',
        'Solutions used:      0',
        '',
        '2 steps not passed yet: press l to pick one, or p to go back.',
        'Your progress is saved; `labs list` shows this lab as 1/3 done.',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'q/Enter quit · p back to the last step · l steps',
      ),
    ],
    [
      120,
      frame(
        'k8s-labs · Terminal guide fixture                                                   step 3 of 3 ██████████████ 1/3 done',
        '● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on',
        '3. Wrap up',
        '───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────',
        'End of "Terminal guide fixture"',
        '',
        'Time taken:          12 min 34 s',
        'Steps done:          1 of 3 (1 passed)',
        'Hints used:          1',
        'Solutions used:      0',
        '',
        '2 steps not passed yet: press l to pick one, or p to go back.',
        'Your progress is saved; `labs list` shows this lab as 1/3 done.',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'q/Enter quit · p back to the last step · l steps',
      ),
    ],
  ])('summary at %i columns', async (columns, expected) => {
    let clock = Date.parse('2025-01-01T10:00:00Z');
    const grader = fakeGrader((stepId) => stepReport(stepId, [check('namespace-exists', 'pass', 'found')]));
    const { app, store } = await labAt(columns, {
      connect: { ok: true, cluster: fakeCluster({ grader }) },
      now: () => new Date(clock),
    });
    await waitUntil(() => store.load('tui-lab').startedAt !== undefined, 'the start saved');
    await app.press('c');
    await app.waitFor('Step passed');
    await app.press('h', 'n', 'n');
    await app.waitFor('3. Wrap up');
    clock += 12 * 60_000 + 34_000;
    await app.press('n');
    await expectFrame(app, expected);
  });
});
