import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEYS, renderLab } from './fakes.js';

afterEach(() => cleanup());

describe('terminal size and colour', () => {
  it('wraps at 80 columns and re-wraps on resize', async () => {
    const { app } = renderLab({ columns: 80, rows: 30 });
    let text = await app.waitFor('You work in the namespace demos. This step has emphasis, inline code and a\nlist:');
    expect(Math.max(...text.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(80);
    app.resize(50, 30);
    text = await app.waitFor('You work in the namespace demos. This step has\nemphasis, inline code and a list:');
    expect(Math.max(...text.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(50);
  });

  it('keeps inline code legible without colour', async () => {
    const { app } = renderLab({ color: false });
    const text = await app.waitFor('1. Set the scene');
    expect(text).toContain('emphasis, `inline code` and a list:');
  });

  it('scrolls a body longer than the terminal', async () => {
    const { app } = renderLab({ rows: 16 });
    let text = await app.waitFor(/more lines below/.test.bind(/more lines below/));
    expect(text).not.toContain('Say hello:');
    await app.press(KEYS.pageDown);
    text = await app.waitFor('Say hello:');
    expect(text).toMatch(/above \(↑ k PgUp\)/);
    await app.press('g');
    await app.waitFor('The scene');
  });

  it('opens each step at its top and brings the selected item into view', async () => {
    const { app } = renderLab({ rows: 16 });
    await app.waitFor('1. Set the scene');
    await app.press('n');
    let text = await app.waitFor('2. Expose the pods');
    expect(text).toContain('Run the first block; the second one fails on purpose.');
    expect(text).not.toContain('[Q1]');
    await app.press(KEYS.tab, KEYS.tab);
    text = await app.waitFor('▶ [Q1] Which port does the web Service in demos listen on?');
    expect(text).not.toContain('Run the first block');
    await app.press('p', 'n');
    text = await app.waitFor('Run the first block; the second one fails on purpose.');
    expect(text).toContain('▶ [1] sh  Enter runs it');
  });
});
