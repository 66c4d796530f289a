import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { App } from '../../../src/ui/App.js';
import { fakeServices, KEYS, pickerChoices as choices, renderTui, tempStateDir } from './fakes.js';

afterEach(() => cleanup());

describe('lab picker', () => {
  it('lists labs with title, time and progress, starting at the last one opened', async () => {
    const store = createProgressStore({ dir: tempStateDir(), warn: () => {} });
    const app = renderTui(
      <App services={fakeServices({ store })} start={{ kind: 'pick', choices }} theme={{ color: true }} />,
      { columns: 80, rows: 24 },
    );
    const text = await app.waitFor('k8s-labs · choose a lab');
    expect(text).toContain('▶ Terminal guide fixture (last opened)');
    expect(text).toContain('    tui-lab · 3 steps · ~5 min · ███░░░░░░░ 1/3 done, at "Expose the pods"');
    expect(text).toContain('    other · 6 steps · ~40 min · ░░░░░░░░░░ not started');
    expect(text).toContain('    broken-lab · 0 steps · ~0 min · ░░░░░░░░░░ broken: run `labs validate`');
    expect(text).toContain('↑↓ move · Enter open · q quit');
  });

  it('opens the chosen lab, and explains a broken one instead', async () => {
    const store = createProgressStore({ dir: tempStateDir(), warn: () => {} });
    const app = renderTui(
      <App services={fakeServices({ store })} start={{ kind: 'pick', choices }} theme={{ color: true }} />,
      { columns: 80, rows: 24 },
    );
    await app.waitFor('choose a lab');
    await app.press(KEYS.up, KEYS.enter);
    await app.waitFor('broken-lab cannot be opened: 3 content problems');
    await app.press(KEYS.down, KEYS.enter);
    const text = await app.waitFor('1. Set the scene');
    expect(text).toContain('k8s-labs · Terminal guide fixture');
  });
});
