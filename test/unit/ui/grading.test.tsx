import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { ConnectedCluster } from '../../../src/ui/services.js';
import { HIDDEN_ANSWER } from '../../../src/core/explain/explainStep.js';
import { check, fakeCluster, fakeGrader, fakeWatch, KEYS, renderLab, stepReport, waitUntil } from './fakes.js';

afterEach(() => cleanup());

describe('checks, hints, solutions and questions', () => {
  it('checks the step with c: failures show their message and hint', async () => {
    const grader = fakeGrader((stepId) =>
      stepReport(stepId, [
        check('namespace-exists', 'fail', 'there is no namespace demos yet', {
          hint: 'kubectl create namespace demos',
        }),
      ]),
    );
    const { app, store } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('c');
    const text = await app.waitFor('── checks ── 0 of 1 passed');
    expect(text).toContain('  ✗ namespace-exists title');
    expect(text).toContain('    there is no namespace demos yet');
    expect(text).toContain('    hint: kubectl create namespace demos');
    expect(grader.calls[0]?.options.vars).toEqual({ namespace: 'demos' });
    await waitUntil(() => store.load('tui-lab').steps['scene']?.status === 'in-progress', 'check recorded');
  });

  it('passes the step on a green check and says to move on', async () => {
    const grader = fakeGrader((stepId) => stepReport(stepId, [check('namespace-exists', 'pass', 'demos exists')]));
    const { app, store } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('c');
    const text = await app.waitFor('✓ Step passed: press n for the next step');
    expect(text).toContain('── checks ── step passed');
    expect(text).toContain('1. Set the scene ✓ passed');
    expect(text).toContain('1/3 done');
    await waitUntil(() => store.load('tui-lab').steps['scene']?.status === 'passed', 'pass recorded');
  });

  it('moves on with n while a manual check runs, stopping that check', async () => {
    let aborted = false;
    // A check that only ends when it is stopped, like one waiting on a slow API server.
    const grader = fakeGrader(
      (_stepId, options) =>
        new Promise((_resolve, reject) =>
          options.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('stopped'));
          }),
        ),
    );
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('c');
    let text = await app.waitFor('── checking…');
    expect(text).toContain('n next');
    await app.press('n');
    text = await app.waitFor('2. Expose the pods');
    expect(text).not.toContain('checking…');
    await waitUntil(() => aborted, 'the check of step 1 stopped');
  });

  it('shows with d where the objects differ from the solution, answers hidden, and records it', async () => {
    const grader = fakeGrader((stepId) =>
      stepReport(stepId, [check('namespace-exists', 'fail', 'there is no namespace demos yet')]),
    );
    const asked: string[] = [];
    const explain: NonNullable<ConnectedCluster['explain']> = async (_lab, stepId) => {
      asked.push(stepId);
      return [
        {
          kind: 'Service',
          name: 'web',
          namespace: 'demos',
          file: 'solutions/tui-lab/expose/service.yaml',
          state: 'differs',
          differences: [
            { path: 'spec.ports[0].port', live: 81, expected: HIDDEN_ANSWER },
            { path: 'spec.ports[0].targetPort', live: 80, expected: 8080 },
          ],
        },
      ];
    };
    const { app, store } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader, explain }) } });
    await app.waitFor('● kind-k8s-labs');
    expect(app.text()).not.toContain('d diff with the solution');
    await app.press('c');
    await app.waitFor('d diff with the solution');
    await app.press('d');
    await app.waitFor('Your objects against the solution');
    // Scrolled into view, to its last line.
    const text = await app.waitFor('  Service web in demos (solutions/tui-lab/expose/service.yaml)');
    expect(text).toContain('    spec.ports[0].port: yours 81, expected (hidden: it answers a question of this step)');
    expect(text).toContain('    spec.ports[0].targetPort: yours 80, expected 8080');
    expect(asked).toEqual(['scene']);
    await waitUntil(() => store.load('tui-lab').steps['scene']?.explainedAt?.length === 1, 'explanation recorded');
  });

  it('says so when checking is asked before a cluster exists', async () => {
    const { app } = renderLab({ connect: { ok: false, message: 'no lab cluster (kind-k8s-labs)', canCreate: true } });
    await app.waitFor('no lab cluster');
    await app.press('c');
    await app.waitFor('checking needs the lab cluster: press C to create it');
  });

  it('auto-checks: a cluster change turns the step green on its own, and a toggles it', async () => {
    const watch = fakeWatch();
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ watch }) } });
    await app.waitFor('auto-check on');
    await waitUntil(() => watch.watching().includes('scene'), 'watching step 1');
    watch.emit(stepReport('scene', [check('namespace-exists', 'fail', 'there is no namespace demos yet')]));
    await app.waitFor('0 of 1 passed');
    watch.emit(stepReport('scene', [check('namespace-exists', 'pass', 'demos exists')]));
    await app.waitFor('✓ Step passed: press n for the next step');
    await app.press('a');
    await app.waitFor('auto-check off: press c to check');
    expect(watch.watching()).toEqual([]);
    await app.press('a');
    await waitUntil(() => watch.watching().includes('scene'), 'watching again');
  });

  it('shows hint tiers one by one with h and records them', async () => {
    const { app, store } = renderLab();
    await app.waitFor('1. Set the scene');
    await app.press('h');
    let text = await app.waitFor('Hint 1. Namespaces are created with kubectl.');
    expect(text).toContain('hint 1 of 2 is shown below the step');
    await app.press('h');
    text = await app.waitFor('Hint 2. kubectl create namespace demos');
    await app.press('h');
    await app.waitFor('no more hints; s reveals the solution');
    await waitUntil(() => store.load('tui-lab').steps['scene']?.hintsSeen.length === 2, 'hints recorded');
  });

  it('reveals the solution after a confirmation and records it', async () => {
    const { app, store } = renderLab();
    await app.waitFor('1. Set the scene');
    await app.press('n');
    await app.waitFor('2. Expose the pods');
    await app.press('s');
    await app.waitFor('Reveal the solution of this step?');
    expect(store.load('tui-lab').steps['expose']?.solutionRevealedAt).toBeUndefined();
    await app.press('y');
    const text = await app.waitFor('kind: Service');
    expect(text).toContain('Solution');
    expect(text).toContain('service.yaml');
    await waitUntil(() => store.load('tui-lab').steps['expose']?.solutionRevealedAt !== undefined, 'reveal recorded');
  });

  it('answers a question in a field and grades it against the cluster', async () => {
    const grader = fakeGrader((stepId, options) =>
      stepReport(stepId, [
        ...(options.only ? [] : [check('service-exists', 'pass', 'web exists')]),
        {
          ...check('service-port', options.answers['service-port'] === '80' ? 'pass' : 'fail', 'compared'),
          kind: 'question' as const,
        },
      ]),
    );
    const { app, store } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('n');
    await app.waitFor('not answered yet: select it and press Enter');
    await app.press(KEYS.tab, KEYS.tab);
    await app.waitFor('▶ [Q1] Which port does the web Service in demos listen on?');
    await app.press(KEYS.enter);
    await app.waitFor('answer:');
    await app.press('8', '0');
    await app.waitFor('answer: 80');
    await app.press(KEYS.enter);
    const text = await app.waitFor('your answer: 80  ✓ correct');
    expect(grader.calls[0]?.options.only).toEqual(['service-port']);
    expect(text).not.toContain('answer: 80█');
    await waitUntil(
      () => store.load('tui-lab').steps['expose']?.answers['service-port']?.correct === true,
      'answer recorded',
    );
    // The right answer alone never passes the step: the whole step is graded again, and that passes it.
    await app.waitFor('✓ Step passed: press n for the next step');
    expect(grader.calls.map((call) => call.options.only)).toEqual([['service-port'], undefined]);
    await waitUntil(() => store.load('tui-lab').steps['expose']?.status === 'passed', 'pass recorded');
  });

  it('does not pass the step from a right answer when the full grading finds a check failing', async () => {
    const grader = fakeGrader((stepId, options) =>
      stepReport(stepId, [
        ...(options.only ? [] : [check('service-exists', 'fail', 'there is no Service web')]),
        { ...check('service-port', 'pass', 'compared'), kind: 'question' as const },
      ]),
    );
    const { app, store } = renderLab({ connect: { ok: true, cluster: fakeCluster({ grader }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('n');
    await app.waitFor('not answered yet: select it and press Enter');
    await app.press(KEYS.tab, KEYS.tab, KEYS.enter);
    await app.waitFor('answer:');
    await app.press('8', '0', KEYS.enter);
    const text = await app.waitFor('there is no Service web');
    expect(text).toContain('── checks ── 1 of 2 passed');
    expect(text).not.toContain('Step passed');
    expect(grader.calls.map((call) => call.options.only)).toEqual([['service-port'], undefined]);
    expect(store.load('tui-lab').steps['expose']?.status).toBe('in-progress');
  });
});
