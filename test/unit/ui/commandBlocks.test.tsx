import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { endless, fakeCluster, fakeShell, KEYS, prints, renderLab, waitUntil } from './fakes.js';

afterEach(() => cleanup());

describe('command blocks', () => {
  it('confirms a block the first time with the exact command and context, then streams its output', async () => {
    const shell = fakeShell({ 'hello-from-block': prints([['hello-from-block', 'stdout']]) });
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ shell }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('n');
    await app.waitFor('2. Expose the pods');
    await app.press(KEYS.enter);
    let text = await app.waitFor('Run block [1]? (asked once per block)');
    expect(text).toContain('$ echo hello-from-block');
    expect(text).toContain('context: kind-k8s-labs (server https://127.0.0.1:41234)');
    expect(text).toContain('Enter/y run it · Esc/n cancel');
    expect(shell.scripts).toEqual([]);
    await app.press(KEYS.enter);
    text = await app.waitFor('── $ echo hello-from-block ── ✓ exit 0 in 12 ms');
    expect(text).toContain('  hello-from-block');
    expect(shell.scripts).toEqual(['echo hello-from-block']);
    // The second run of the same block goes straight ahead.
    await app.press(KEYS.enter);
    await waitUntil(() => shell.scripts.length === 2, 'second run');
    expect(app.text()).not.toContain('Run block [1]?');
  });

  it('shows and runs a variable holding a space and a quote as one quoted shell word', async () => {
    const shell = fakeShell();
    const { app } = renderLab({
      connect: { ok: true, cluster: fakeCluster({ shell }) },
      vars: { namespace: "team a's ns" },
    });
    await app.waitFor('● kind-k8s-labs');
    await app.press('n', 'n');
    await app.waitFor('3. Wrap up');
    const quoted = `kubectl get namespace 'team a'\\''s ns' -o name`;
    // The step body shows the block as it runs...
    expect(app.text()).toContain(`│ ${quoted}`);
    await app.press('2');
    expect(await app.waitFor('▶ [2] sh  Enter runs it')).toContain(`┃ ${quoted}`);
    await app.press(KEYS.enter);
    // ...so does the confirmation...
    const text = await app.waitFor('Run block [2]? (asked once per block)');
    expect(text).toContain(`$ ${quoted}`);
    await app.press(KEYS.enter);
    // ...and that text is what bash gets.
    await waitUntil(() => shell.scripts.length === 1, 'the block ran');
    expect(shell.scripts).toEqual([quoted]);
  });

  it('cancels the confirmation with Esc without running anything', async () => {
    const shell = fakeShell();
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ shell }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press(KEYS.enter);
    await app.waitFor('Run block [1]?');
    await app.press(KEYS.escape);
    await app.waitFor((text) => !text.includes('Run block [1]?'));
    expect(shell.scripts).toEqual([]);
  });

  it('keeps the error of a failed command on screen', async () => {
    const shell = fakeShell({
      'broken-on-purpose': prints(
        [
          ['about-to-fail', 'stdout'],
          ['broken-on-purpose', 'stderr'],
        ],
        3,
      ),
    });
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ shell }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('n');
    await app.waitFor('2. Expose the pods');
    await app.press('2');
    await app.waitFor('▶ [2] sh  Enter runs it');
    await app.press(KEYS.enter, 'y');
    const text = await app.waitFor('✗ exit 3 in 12 ms');
    expect(text).toContain('  broken-on-purpose');
    expect(text).toContain('x close output');
    await app.press('c');
    // Checking does not hide the failure.
    expect(app.text()).toContain('✗ exit 3 in 12 ms');
    await app.press('x');
    await app.waitFor((t) => !t.includes('── echo about-to-fail'));
  });

  it('stops an endless command with Ctrl-C and stays open', async () => {
    const shell = fakeShell({ 'while true': endless });
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ shell }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press('n', 'n');
    await app.waitFor('3. Wrap up');
    await app.press(KEYS.enter, KEYS.enter);
    await app.waitFor('running… Ctrl-C stops it');
    await app.waitFor('tick 20');
    expect(app.text()).toContain('Ctrl-C stop the command');
    await app.press(KEYS.ctrlC);
    const text = await app.waitFor('■ stopped after');
    expect(text).toContain('3. Wrap up');
    expect(text).not.toContain('Quit?');
    // Idle, Ctrl-C asks before quitting.
    await app.press(KEYS.ctrlC);
    await app.waitFor('Quit?');
    await app.press(KEYS.escape);
    await app.waitFor((t) => !t.includes('Quit?'));
  });

  it('takes keys that arrive in one chunk one by one', async () => {
    const { app } = renderLab();
    await app.waitFor('● kind-k8s-labs');
    await app.press('n2\r');
    const text = await app.waitFor('Run block [2]? (asked once per block)');
    expect(text).toContain('$ echo about-to-fail; echo broken-on-purpose >&2; exit 3');
  });

  it('keeps only the last 500 lines of a long output', async () => {
    const many = Array.from({ length: 2000 }, (_, index): [string, 'stdout'] => [`line ${index + 1}`, 'stdout']);
    const shell = fakeShell({ 'hello-from-step-1': prints(many) });
    const { app } = renderLab({ connect: { ok: true, cluster: fakeCluster({ shell }) } });
    await app.waitFor('● kind-k8s-labs');
    await app.press(KEYS.enter, KEYS.enter);
    const text = await app.waitFor('✓ exit 0');
    expect(text).toContain('  line 2000');
    expect(text).toContain('… 1500 earlier lines not kept');
    expect(text).not.toContain('line 1500\n');
    // [ and ] scroll the pane back and forth.
    const hidden = (t: string): number => Number(/✓ exit 0 in 12 ms ↑(\d+)/.exec(t)?.[1]);
    const before = hidden(text);
    await app.press('[');
    await app.waitFor((t) => hidden(t) === before - 3);
    await app.press(']');
    await app.waitFor((t) => hidden(t) === before);
  });
});
