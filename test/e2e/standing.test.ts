/**
 * One definition of a step's status: the guide's step list and summary and `labs list` say the
 * same thing about the same progress, including steps whose checks cannot run on this cluster.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createProgressStore } from '../../src/adapters/fs/progressStore.js';
import {
  check,
  fakeCluster,
  fakeGrader,
  fixtureLabDir,
  renderLab,
  stepReport,
  tempStateDir,
} from '../unit/ui/fakes.js';
import { runBin } from '../helpers/bin.js';

afterEach(() => cleanup());

describe('step status, in the guide and in labs list', () => {
  it('a step whose checks were skipped for want of a data plane says so everywhere, and does not count as done', async () => {
    const dir = tempStateDir();
    const store = createProgressStore({ dir, warn: () => {} });
    const grader = fakeGrader((stepId) =>
      stepId === 'scene'
        ? stepReport(stepId, [
            check('namespace-exists', 'pass', 'demos exists'),
            check('reachable', 'skipped', 'needs a data plane: the cluster has no nodes'),
          ])
        : stepReport(stepId, [check('c1', 'pass', 'ok')]),
    );
    const { app } = renderLab({ store, connect: { ok: true, cluster: fakeCluster({ grader }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('c');
    let text = await app.waitFor('1 of 2 passed; 1 cannot run on this cluster, so the step cannot pass here');
    expect(text).toContain('1. Set the scene ◌ cannot pass on this cluster');
    await app.press('n', 'c');
    await app.waitFor('2. Expose the pods ✓ passed');
    await app.press('l');
    text = await app.waitFor('Steps');
    expect(text).toMatch(/1\. Set the scene +◌ cannot pass on this cluster/);
    expect(text).toMatch(/2\. Expose the pods \(you are here\) +✓ passed/);
    await app.press('\u001B', 'n', 'n');
    text = await app.waitFor('Time taken:');
    expect(text).toContain('Steps done:          1 of 3 (1 passed, 1 cannot pass on this cluster)');
    expect(text).toContain('1 step not passed yet');
    expect(text).toContain('1 step cannot pass on this cluster: its checks need pods that run');
    expect(text).toContain('`labs list` shows this lab as 1/3 done, 1 cannot pass on this cluster.');
    await app.press('q');
    cleanup();

    const list = await runBin(['list', path.dirname(path.dirname(fixtureLabDir))], {
      env: { K8S_LABS_STATE_DIR: dir },
    });
    expect(list.stdout).toContain('3 steps, ~5 min, 1/3 done, 1 cannot pass on this cluster, at wrap-up');
  });
});
