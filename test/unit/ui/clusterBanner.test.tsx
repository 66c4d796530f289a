import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { fakeCluster, fakeShell, KEYS, prints, renderLab } from './fakes.js';
import type { ConnectResult } from '../../../src/ui/services.js';

afterEach(() => cleanup());

describe('cluster banner', () => {
  it('offers C when there is no cluster and creates it only on that key', async () => {
    const phases: string[] = [];
    let finish: (() => void) | undefined;
    let connects = 0;
    const cluster = fakeCluster();
    const { app } = renderLab({
      connect: async () =>
        ++connects === 1
          ? { ok: false, message: 'no lab cluster (kind-k8s-labs)', canCreate: true }
          : { ok: true, cluster },
      createCluster: (options) => {
        phases.push('called');
        options.onPhase('creating the kind cluster', 4200);
        return new Promise((resolve) => (finish = resolve));
      },
    });
    let text = await app.waitFor('✗ no lab cluster (kind-k8s-labs) — press C to create it');
    expect(text).toContain('C create cluster');
    expect(phases).toEqual([]);
    await app.press('c');
    expect(phases).toEqual([]);
    await app.press('C');
    text = await app.waitFor('◌ creating the lab cluster: creating the kind cluster (4.2 s)');
    finish?.();
    await app.waitFor('● kind-k8s-labs (https://127.0.0.1:41234)');
    expect(phases).toEqual(['called']);
  });

  it('points to labs doctor when kind or docker is missing', async () => {
    const { app } = renderLab({
      connect: {
        ok: false,
        message: 'no lab cluster (kind-k8s-labs)',
        canCreate: false,
        next: 'kind is not installed: run `labs doctor`',
      },
    });
    const text = await app.waitFor('✗ no lab cluster (kind-k8s-labs) — kind is not installed: run `labs doctor`');
    expect(text).not.toContain('C create cluster');
  });

  it('runs blocks without a cluster and says which context they get', async () => {
    const offlineShell = fakeShell({ 'hello-from-step-1': prints([['hello-from-step-1', 'stdout']]) });
    const { app } = renderLab({
      connect: { ok: false, message: 'no lab cluster (kind-k8s-labs)', canCreate: true },
      offlineShell,
    });
    await app.waitFor('no lab cluster');
    await app.press(KEYS.enter);
    const text = await app.waitFor('context: none (no lab cluster: kubectl in this command reaches no cluster;');
    expect(text).toContain('✗ no lab cluster (kind-k8s-labs) — run `labs doctor`');
    await app.press(KEYS.enter);
    await app.waitFor('✓ exit 0');
    expect(offlineShell.scripts).toEqual(['echo hello-from-step-1']);
  });

  it('names the lab context in the confirmation while connecting, and runs the block once connected', async () => {
    const offlineShell = fakeShell();
    const shell = fakeShell({ 'hello-from-step-1': prints([['hello-from-step-1', 'stdout']]) });
    let connected: (result: ConnectResult) => void = () => undefined;
    const { app } = renderLab({
      connect: () => new Promise<ConnectResult>((resolve) => (connected = resolve)),
      offlineShell,
    });
    await app.waitFor('connecting');
    await app.press(KEYS.enter);
    let text = await app.waitFor('Run block [1]?');
    expect(text).not.toContain('context: none');
    expect(text).toContain('context: kind-k8s-labs (still connecting: the block runs once the cluster answers)');
    await app.press(KEYS.enter);
    await app.waitFor('still connecting to the lab cluster: the block runs once it answers');
    expect(shell.scripts).toEqual([]);
    connected({ ok: true, cluster: fakeCluster({ shell }) });
    text = await app.waitFor('✓ exit 0');
    expect(text).toContain('hello-from-step-1');
    expect(shell.scripts).toEqual(['echo hello-from-step-1']);
    expect(offlineShell.scripts).toEqual([]);
  });
});
