import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { recordAnswer } from '../../../src/core/progress.js';
import { check, fakeCluster, fakeGrader, KEYS, renderLab, stepReport, waitUntil } from './fakes.js';

afterEach(() => cleanup());

describe('lab screen', () => {
  it('shows the header, the rendered step and the keys that apply', async () => {
    const { app } = renderLab();
    const text = await app.waitFor('● kind-k8s-labs');
    expect(text).toContain('k8s-labs · Terminal guide fixture');
    expect(text).toContain('step 1 of 3');
    expect(text).toContain('1. Set the scene');
    expect(text).toContain('You work in the namespace demos. This step has emphasis, inline code and a list:');
    expect(text).toContain('• first point');
    expect(text).toContain('    name: demos');
    expect(text).toContain('▶ [1] sh  Enter runs it');
    expect(text).toContain('┃ echo hello-from-step-1');
    expect(text).toContain(
      'Enter run · c check · n next · h hint · s solution · l steps · r reset step · a auto-check off',
    );
  });

  it('draws its first frame while the cluster is still connecting, then shows the context', async () => {
    let connected: (() => void) | undefined;
    const cluster = fakeCluster();
    const { app } = renderLab({
      connect: () => new Promise((resolve) => (connected = () => resolve({ ok: true, cluster }))),
    });
    await app.waitFor('◌ connecting to kind-k8s-labs…');
    expect(app.text()).toContain('1. Set the scene');
    connected?.();
    await app.waitFor('● kind-k8s-labs (https://127.0.0.1:41234) · auto-check on');
  });

  it('moves between steps with n and p, saving where the learner is', async () => {
    const { app, store } = renderLab();
    await app.waitFor('1. Set the scene');
    await app.press('n');
    await app.waitFor('2. Expose the pods');
    expect(app.text()).toContain('step 2 of 3');
    await waitUntil(() => store.load('tui-lab').currentStep === 'expose', 'currentStep saved');
    await app.press('p');
    await app.waitFor('1. Set the scene');
    await app.press('n', 'n');
    await app.waitFor('3. Wrap up');
    expect(store.load('tui-lab').startedAt).toBeDefined();
  });

  it('saves by merging: an answer recorded meanwhile by `labs answer` survives the next save', async () => {
    const { app, store } = renderLab();
    await app.waitFor('1. Set the scene');
    await waitUntil(() => store.load('tui-lab').currentStep === 'scene', 'first save');
    // `labs answer tui-lab service-port 80` in another terminal.
    store.update('tui-lab', (progress) =>
      recordAnswer(progress, 'expose', 'service-port', '80', true, '2030-01-01T00:00:00.000Z'),
    );
    await app.press('h');
    await app.waitFor('hint 1 of 2 is shown below the step');
    await waitUntil(() => store.load('tui-lab').steps['scene']?.hintsSeen.length === 1, 'hint saved');
    expect(store.load('tui-lab').steps['expose']?.answers['service-port']).toEqual({
      value: '80',
      at: '2030-01-01T00:00:00.000Z',
      correct: true,
    });
    await app.press('n');
    await app.waitFor('2. Expose the pods');
    await waitUntil(() => store.load('tui-lab').currentStep === 'expose', 'step saved');
    expect(store.load('tui-lab').steps['expose']?.answers['service-port']?.value).toBe('80');
  });

  it('the resume hint on quit keeps the --context and the variables of this session', async () => {
    const { app } = renderLab({ contextFlag: 'kind-workshop', vars: { namespace: 'alice' } });
    await app.waitFor('1. Set the scene');
    await app.press('q');
    await waitUntil(
      () =>
        app.frames.some((frame) =>
          frame
            .replace(/\s*\n/g, ' ')
            .includes(
              'Progress saved: `k8s-labs start tui-lab --context kind-workshop --var namespace=alice` resumes at step 1, "Set the scene".',
            ),
        ),
      'the goodbye frame',
    );
  });

  it('resumes at the step the learner left', async () => {
    const first = renderLab();
    await first.app.waitFor('1. Set the scene');
    await first.app.press('n');
    await first.app.waitFor('2. Expose the pods');
    await first.app.press('q');
    await waitUntil(() => first.store.load('tui-lab').currentStep === 'expose', 'progress saved');
    cleanup();
    const second = renderLab({ store: first.store });
    await second.app.waitFor('2. Expose the pods');
    expect(second.app.text()).toContain('step 2 of 3');
  });

  it('lists the steps with l and opens one with Enter', async () => {
    const { app } = renderLab();
    await app.waitFor('1. Set the scene');
    await app.press('l');
    let text = await app.waitFor('Steps');
    expect(text).toContain('▶  1. Set the scene (you are here)');
    expect(text).toContain('   3. Wrap up');
    await app.press(KEYS.down, KEYS.down, KEYS.enter);
    text = await app.waitFor('3. Wrap up');
    expect(text).toContain('step 3 of 3');
  });

  it('rebuilds the cluster for a step after a confirmation (r and jump here)', async () => {
    const rebuilt: string[] = [];
    const cluster = fakeCluster({
      rebuildStep: async (_lab, stepId, _vars, options): Promise<Record<string, Record<string, string>>> => {
        options.onLine?.(`deleted namespace demos`, 'stdout');
        rebuilt.push(stepId);
        return stepId === 'expose' ? { scene: {} } : {};
      },
    });
    const { app, store } = renderLab({ connect: { ok: true, cluster } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('r');
    let text = await app.waitFor('Rebuild the cluster for the start of step 1, "Set the scene"?');
    expect(text).toContain('This deletes namespace demos and applies nothing else.');
    await app.press('y');
    await app.waitFor('✓ cluster rebuilt to the start of "Set the scene"');
    expect(rebuilt).toEqual(['scene']);
    await app.press('l', KEYS.down, 'J');
    text = await app.waitFor('Rebuild the cluster for the start of step 2, "Expose the pods"?');
    expect(text).toContain('applies the solution of step 1. That step counts as solved');
    await app.press(KEYS.enter);
    await app.waitFor('✓ cluster rebuilt to the start of "Expose the pods"');
    expect(app.text()).toContain('step 2 of 3');
    expect(rebuilt).toEqual(['scene', 'expose']);
    // As `labs jump` records it: the step before was solved with its solution.
    await waitUntil(
      () => store.load('tui-lab').steps['scene']?.status === 'skipped',
      'earlier step recorded as skipped',
    );
  });

  it('says clearly when this build cannot reset a step', async () => {
    const { app } = renderLab({ canRebuild: false });
    await app.waitFor('● kind-k8s-labs');
    expect(app.text()).not.toContain('r reset step');
    await app.press('r');
    await app.waitFor('✗ rebuilding a step is not available in this build (no solutions module)');
  });

  it('ends with a summary of time, checks, hints and solutions, then quits saving progress', async () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    const grader = fakeGrader((stepId) => stepReport(stepId, [check('c1', 'pass', 'ok')]));
    const cluster = fakeCluster({ grader });
    const { app, store } = renderLab({ connect: { ok: true, cluster }, now: () => new Date((now += 60_000)) });
    await app.waitFor('● kind-k8s-labs');
    await app.press('c');
    await app.waitFor('Step passed');
    await app.press('h', 'n', 'n');
    await app.waitFor('3. Wrap up');
    expect(app.text()).toContain('n finish');
    await app.press('n');
    const text = await app.waitFor('Time taken:');
    expect(text).toContain('End of "Terminal guide fixture"');
    expect(text).toContain('Steps done:          1 of 3 (1 passed)');
    expect(text).toContain('2 steps not passed yet: press l to pick one, or p to go back.');
    expect(text).toContain('Your progress is saved; `labs list` shows this lab as 1/3 done.');
    expect(text).not.toContain('Checks passed');
    expect(text).toContain('Hints used:          1');
    expect(text).toContain('Solutions used:      0');
    expect(text).toMatch(/Time taken: {10}\d+ min 00 s/);
    await app.press('q');
    // The frame drawn on the way out (Ink's last frame; under CI=true Ink rewrites it once more).
    await waitUntil(
      () =>
        app.frames.some((frame) =>
          frame.includes('Progress saved: `k8s-labs start tui-lab` resumes at step 3, "Wrap up".'),
        ),
      'the goodbye frame',
    );
    await waitUntil(() => cluster.closed === 1, 'the app unmounted and released the cluster');
    const saved = store.load('tui-lab');
    expect(saved.finishedAt).toBeDefined();
    expect(saved.currentStep).toBe('wrap-up');
  });
});
