/** The doctor's probes stop when the command's signal aborts (Ctrl-C), not only at their own limits. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { probeEnvironment } from '../../../src/adapters/kind/probes.js';
import type { ProcessOptions } from '../../../src/adapters/process/run.js';
import type { RunResult } from '../../../src/core/ports.js';
import { tempDir } from '../../helpers/bin.js';
import { type FakeApiServer, startFakeApiServer } from '../../fixtures/fake-bin/fakeApiServer.js';

let api: FakeApiServer;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  api = await startFakeApiServer();
  const dir = tempDir('labs-doctor-');
  writeFileSync(
    path.join(dir, 'config'),
    yaml.dump({
      clusters: [{ name: 'k', cluster: { server: api.url } }],
      users: [{ name: 'k', user: { token: 't' } }],
      contexts: [{ name: 'kind-k8s-labs', context: { cluster: 'k', user: 'k' } }],
    }),
  );
  env = { KUBECONFIG: path.join(dir, 'config'), K8S_LABS_STATE_DIR: tempDir('labs-doctor-state-') };
});

afterEach(async () => {
  await api.close();
});

describe('probeEnvironment with a signal', () => {
  test('every spawned probe gets the signal and a time limit, and an abort ends a hanging API probe at once', async () => {
    const calls: { file: string; options: ProcessOptions }[] = [];
    // Each tool runs until it is stopped, as a hung `docker info` would.
    const run = (file: string, _args: readonly string[], options: ProcessOptions = {}): Promise<RunResult> => {
      calls.push({ file, options });
      return new Promise((resolve) => {
        const stopped = (): void =>
          resolve({ exitCode: 143, stdout: '', stderr: '', timedOut: false, aborted: true, durationMs: 1 });
        if (options.signal?.aborted) stopped();
        options.signal?.addEventListener('abort', stopped, { once: true });
      });
    };
    api.route(/^\/version/, () => undefined); // Never answers.
    const controller = new AbortController();
    const started = performance.now();
    const probing = probeEnvironment({ env, run, signal: controller.signal });
    await expect.poll(() => api.requests.some((request) => request.url.startsWith('/version'))).toBe(true);
    controller.abort();
    const probes = await probing;
    expect(performance.now() - started).toBeLessThan(2500);
    expect(calls.map((call) => call.file).sort()).toEqual(['docker', 'kind', 'kind', 'kubectl']);
    for (const call of calls) {
      expect(call.options.signal).toBe(controller.signal);
      expect(call.options.timeoutMs).toBeLessThanOrEqual(4000);
    }
    expect(probes.docker).toEqual({ found: true, error: 'stopped', daemon: false });
    expect(probes.api?.reachable).toBe(false);
  });
});
