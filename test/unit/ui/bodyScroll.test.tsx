import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { loadLab } from '../../../src/adapters/fs/labRepository.js';
import { labVariables } from '../../../src/core/labVariables.js';
import { App } from '../../../src/ui/App.js';
import { check, fakeCluster, fakeGrader, fakeServices, KEYS, renderTui, stepReport, tempStateDir } from './fakes.js';

afterEach(() => cleanup());

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The guide on a shipped lab, opened at one step, with fake services. */
function renderShipped(
  labId: string,
  stepId: string,
  size: { columns: number; rows: number },
  grader = fakeGrader((id) => stepReport(id, [])),
) {
  const store = createProgressStore({ dir: tempStateDir(), warn: () => {} });
  const services = fakeServices({ store, connect: { ok: true, cluster: fakeCluster({ grader }) } });
  const lab = loadLab(path.join(repoRoot, 'labs', labId));
  const progress = store.load(lab.id);
  const stepIndex = lab.steps.findIndex((step) => step.id === stepId);
  const opened = { lab, vars: labVariables(lab), progress, stepIndex };
  return renderTui(<App services={services} start={{ kind: 'lab', opened }} theme={{ color: false }} />, size);
}

describe('body scroll on a shipped step', () => {
  it('G reaches the last line of the step, and the position line says end', async () => {
    const app = renderShipped('clusterip', 'create-service', { columns: 80, rows: 24 });
    await app.waitFor('more lines below');
    await app.press('G');
    const text = await app.waitFor('── end');
    expect(text).toContain('curl of the previous step asked for this very name.');
  });

  it('page by page, the last page shows the last line', async () => {
    const app = renderShipped('clusterip', 'create-service', { columns: 80, rows: 24 });
    await app.waitFor('more lines below');
    for (let i = 0; i < 20; i++) await app.press(KEYS.pageDown);
    expect(await app.waitFor('── end')).toContain('curl of the previous step asked for this very name.');
  });

  it('pressing 1 brings block 1 into view when it is already selected', async () => {
    const app = renderShipped('clusterip', 'create-service', { columns: 80, rows: 24 });
    // A step opens at its top; block 1 is selected but further down.
    await app.waitFor('more lines below');
    expect(app.text()).not.toContain('▶ [1]');
    await app.press('1');
    await app.waitFor('▶ [1]');
  });

  it('at 60x20 the body keeps more rows than a seven-line checks pane', async () => {
    const grader = fakeGrader((id) =>
      stepReport(id, [
        check('a', 'fail', 'the Service web has no endpoints: its selector matches no pod in demos'),
        check('b', 'fail', 'port 80 is not mapped to the pods'),
      ]),
    );
    const app = renderShipped('clusterip', 'create-service', { columns: 60, rows: 20 }, grader);
    await app.waitFor('more lines below');
    await app.press('c');
    const text = await app.waitFor('── checks');
    const lines = text.split('\n');
    const textRows =
      lines.findIndex((line) => line.includes('more lines below')) - lines.findIndex((line) => line.startsWith('────'));
    expect(textRows - 1).toBeGreaterThanOrEqual(5);
  });
});
