/** `labs start` applies the setup of a step the learner begins afresh, hidden, with a progress line. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { ConnectedCluster } from '../../../src/ui/services.js';
import { check, fakeCluster, fakeGrader, renderLab, stepReport, waitUntil } from './fakes.js';

afterEach(() => cleanup());

type Setup = NonNullable<ConnectedCluster['setupStep']>;

function recordingSetup(fail?: (stepId: string) => string | undefined): { setupStep: Setup; applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    async setupStep(_lab, stepId, vars, options) {
      applied.push(`${stepId} in ${vars['namespace']}`);
      options.onLine?.(`configmap/app created`, 'stdout');
      const problem = fail?.(stepId);
      if (problem) {
        options.onLine?.('error: the server could not find the requested resource', 'stderr');
        throw new Error(problem);
      }
    },
  };
}

describe('step setup in the guide', () => {
  it('sets up the first step of a fresh lab once, hidden, and records it', async () => {
    const { setupStep, applied } = recordingSetup();
    const { app, store } = renderLab({
      fixture: 'tui-setup',
      connect: { ok: true, cluster: fakeCluster({ setupStep }) },
    });
    await app.waitFor('✓ "The app is broken" is set up: the step begins here');
    expect(applied).toEqual(['broken in demos']);
    // Hidden from the learner: the setup's own output is not shown.
    expect(app.text()).not.toContain('configmap/app created');
    await waitUntil(() => store.load('tui-setup').steps['broken']?.setupAppliedAt !== undefined, 'setup recorded');
    cleanup();

    // Opening the lab again does not break the step a second time.
    const again = recordingSetup();
    const reopened = renderLab({
      fixture: 'tui-setup',
      store,
      connect: { ok: true, cluster: fakeCluster({ setupStep: again.setupStep }) },
    });
    await reopened.app.waitFor('● kind-k8s-labs');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(again.applied).toEqual([]);
  });

  it('sets up the next step when the learner moves on to it', async () => {
    const { setupStep, applied } = recordingSetup();
    const grader = fakeGrader((stepId) => stepReport(stepId, [check('app-works', 'pass', 'it works')]));
    const { app } = renderLab({
      fixture: 'tui-setup',
      connect: { ok: true, cluster: fakeCluster({ setupStep, grader }) },
    });
    await app.waitFor('is set up: the step begins here');
    await app.press('c');
    await app.waitFor('Step passed');
    await app.press('n');
    await app.waitFor('✓ "Broken again" is set up: the step begins here');
    expect(applied).toEqual(['broken in demos', 'broken-again in demos']);
  });

  it('says clearly when the setup fails, and does not retry it in a loop', async () => {
    const { setupStep, applied } = recordingSetup(
      () => 'setup script assets/break.sh of step "broken" failed (exit 1)',
    );
    const { app, store } = renderLab({
      fixture: 'tui-setup',
      connect: { ok: true, cluster: fakeCluster({ setupStep }) },
    });
    await app.waitFor('✗ could not set up the step: setup script assets/break.sh of step "broken" failed (exit 1)');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Not retried in a loop.
    expect(applied).toEqual(['broken in demos']);
    expect(store.load('tui-setup').steps['broken']?.setupAppliedAt).toBeUndefined();
  });
});

describe('step setup progress', () => {
  it('shows a progress line while the setup runs', async () => {
    let finish: (() => void) | undefined;
    const setupStep: Setup = () => new Promise<void>((resolve) => (finish = resolve));
    const { app } = renderLab({ fixture: 'tui-setup', connect: { ok: true, cluster: fakeCluster({ setupStep }) } });
    await app.waitFor('setting up "The app is broken"…');
    finish?.();
    await app.waitFor('✓ "The app is broken" is set up: the step begins here');
  });
});
