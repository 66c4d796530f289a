/**
 * Enter runs exactly the block the guide highlights, wherever the block stands in the step: in a
 * list item, in a quote, at the top level (test/fixtures/tui-nested).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { fakeCluster, fakeShell, KEYS, renderLab, waitUntil } from './fakes.js';

afterEach(() => cleanup());

/** The code lines of the highlighted block: those drawn with the bold gutter, without what stands before it. */
const highlighted = (frame: string): string =>
  frame
    .split('\n')
    .filter((line) => line.includes('┃ '))
    .map((line) => line.slice(line.indexOf('┃ ') + 2).trimEnd())
    .join('\n');

describe('the highlighted block is the block that runs', () => {
  it('runs the block in a list item, then the quoted one, then the top-level one, each as shown', async () => {
    const shell = fakeShell();
    const { app } = renderLab({
      fixture: 'tui-nested',
      columns: 100,
      rows: 40,
      connect: { ok: true, cluster: fakeCluster({ shell }) },
    });
    await app.waitFor('● kind-k8s-labs');
    const expected = [
      'echo "list item ran: $((40 + 2))"',
      'echo "quote ran: $((50 + 5))"',
      'echo "top level ran in demos: $((60 + 6))"',
    ];
    for (const [index, script] of expected.entries()) {
      if (index > 0) await app.press(KEYS.tab);
      const frame = await app.waitFor(`▶ [${index + 1}] sh  Enter runs it`);
      expect(highlighted(frame)).toBe(script);
      await app.press(KEYS.enter);
      expect(await app.waitFor(`Run block [${index + 1}]? (asked once per block)`)).toContain(`$ ${script}`);
      await app.press(KEYS.enter);
      await waitUntil(() => shell.scripts.length === index + 1, `block [${index + 1}] ran`);
      expect(shell.scripts.at(-1)).toBe(script);
      await app.waitFor(`── $ ${script} ── ✓ exit 0`);
    }
  });
});
