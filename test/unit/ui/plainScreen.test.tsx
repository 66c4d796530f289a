import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { App } from '../../../src/ui/App.js';
import {
  check,
  fakeCluster,
  fakeGrader,
  fakeServices,
  fakeWatch,
  openFixture,
  stepReport,
  tempStateDir,
  waitUntil,
} from './fakes.js';

afterEach(() => cleanup());

function renderPlain(cluster: ReturnType<typeof fakeCluster>) {
  const store = createProgressStore({ dir: tempStateDir(), warn: () => {} });
  const services = fakeServices({ store, connect: { ok: true, cluster } });
  const written: string[] = [];
  const app = render(
    <App
      services={services}
      start={{ kind: 'lab', opened: openFixture(store) }}
      theme={{ color: false }}
      plain={(text) => written.push(text)}
    />,
  );
  const lines = (): string[] => written.join('').split('\n');
  const press = async (key: string): Promise<void> => {
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    app.stdin.write(key);
  };
  return { app, lines, press, store };
}

describe('the plain transcript', () => {
  it('announces every check after c, and only changes from auto-check, drawing nothing in place', async () => {
    const watch = fakeWatch();
    const grader = fakeGrader((stepId) =>
      stepReport(stepId, [check('namespace-exists', 'fail', 'no namespace demos yet')]),
    );
    const { app, lines, press } = renderPlain(fakeCluster({ grader, watch }));
    await waitUntil(() => lines().includes('cluster: kind-k8s-labs (https://127.0.0.1:41234)'), 'connected');
    await waitUntil(() => watch.watching().includes('scene'), 'auto-check');
    await press('c');
    await waitUntil(() => lines().includes('0 of 1 checks passed'), 'the check');
    expect(lines()).toContain('check 1 of 1 failed: namespace-exists title: no namespace demos yet');
    const failedOnce = lines().filter((line) => line.startsWith('check 1 of 1 failed')).length;
    // The same result again from the watcher: nothing new to say.
    watch.emit(stepReport('scene', [check('namespace-exists', 'fail', 'no namespace demos yet')]));
    watch.emit(stepReport('scene', [check('namespace-exists', 'pass', 'demos exists')]));
    await waitUntil(() => lines().includes('step passed: press n for the next step'), 'the pass');
    expect(lines().filter((line) => line.startsWith('check 1 of 1 failed')).length).toBe(failedOnce);
    expect(lines()).toContain('check 1 of 1 passed: namespace-exists title: demos exists');
    expect(app.lastFrame() ?? '').toBe('');
  });
});
