// `labs test` through the built bin without a cluster: bad input exits 2, an unusable cluster 3;
// against a fake API server (which kubectl cannot apply to, so every lab ends in an error): the
// confirmation and the JUnit file. Against a real cluster: test/integration/labtest.test.ts.
// Build first: `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, nodePath, repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { FakeApiServer } from '../fixtures/grading-api/fakeApiServer.js';
import { DEAD_CONTEXT, deadKubeconfig } from '../fixtures/labtest-support/deadCluster.js';

const good = path.join(repoRoot, 'test', 'fixtures', 'labtest-good');

describe('labs test (built bin, no cluster)', () => {
  it('asks for labs or --all', async () => {
    const result = await runBin(['test']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: name the labs to test, or pass --all');
    const both = await runBin(['test', 'x', '--all']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('pass lab names or --all, not both');
  });

  it('refuses a --jobs that is not a whole number of at least 1, before touching any cluster', async () => {
    for (const jobs of ['0', '1.5', 'two']) {
      const result = await runBin(['test', '--all', '--jobs', jobs, '--context', DEAD_CONTEXT], {
        env: { KUBECONFIG: deadKubeconfig() },
      });
      expect(result.code, jobs).toBe(2);
      expect(result.stderr).toContain(`error: --jobs ${jobs} is not a whole number of at least 1`);
    }
  });

  it('refuses broken lab content with its problems, before touching any cluster', async () => {
    const root = tempDir();
    cpSync(good, root, { recursive: true });
    writeFileSync(
      path.join(root, 'labs', 'labtest-good', 'steps', '01-settings.md'),
      '---\nid: settings\ntitle: Keep a setting\nchecks: [no-such-check]\n---\nText\n',
    );
    const result = await runBin(['test', '--all', '--context', DEAD_CONTEXT], {
      cwd: root,
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('labs/labtest-good/steps/01-settings.md:4: "no-such-check" has no checker');
    expect(result.stderr).toContain('error: lab content has 2 problems; not testing on the cluster');
  });

  it('exits 3 with the next step when the context is missing', async () => {
    const result = await runBin(['test', path.join(good, 'labs', 'labtest-good'), '--context', 'no-such-context'], {
      env: { KUBECONFIG: deadKubeconfig() },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('context "no-such-context" is not in your kubeconfig');
  });

  it('exits 3 fast when the cluster does not answer, with one JSON document under --json', async () => {
    const result = await runBin(
      ['test', path.join(good, 'labs', 'labtest-good'), '--json', '--context', DEAD_CONTEXT],
      { env: { KUBECONFIG: deadKubeconfig() } },
    );
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { exitCode: 3 } });
    expect(result.stderr).toContain('127.0.0.1:9');
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('documents its options', async () => {
    const result = await runBin(['test', '--help']);
    expect(result.code).toBe(0);
    for (const option of [
      '--all',
      '--junit <value>',
      '--keep',
      '--jobs <value>',
      '--json',
      '--context <value>',
      '-y, --yes',
    ])
      expect(result.stdout).toContain(option);
    expect(result.stdout).toContain(
      'delete what the labs own without asking first (without a terminal, as in CI, it never asks)',
    );
  });

  it('refuses an unwritable --junit path before anything else (exit 2, not 3), with one JSON document', async () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const file = path.join(blocker, 'report.xml');
    const result = await runBin(
      ['test', path.join(good, 'labs', 'labtest-good'), '--json', '--junit', file, '--context', DEAD_CONTEXT],
      {
        env: { KUBECONFIG: deadKubeconfig() },
      },
    );
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout) as { error: { message: string; exitCode: number } };
    expect(doc.error.exitCode).toBe(2);
    expect(doc.error.message).toContain(`cannot write the JUnit report to ${file}`);
    expect(result.stderr).not.toContain('127.0.0.1:9');
  });
});

describe('labs test against a fake API server', () => {
  let api: FakeApiServer;
  let kubeconfig = '';
  const lab = path.join(good, 'labs', 'labtest-good');
  beforeAll(async () => {
    api = await new FakeApiServer().start();
    api.put('/api/v1/namespaces', { metadata: { name: 'default' } });
    api.put('/api/v1/nodes', { metadata: { name: 'kwok-node-0', annotations: { 'kwok.x-k8s.io/node': 'fake' } } });
    kubeconfig = api.writeKubeconfig();
  });
  afterAll(() => api.stop());
  const env = () => ({ KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: 'k8s-labs-test' });

  it('goes ahead without asking when there is no terminal (CI), and still writes the JUnit report', async () => {
    const junit = path.join(tempDir(), 'reports', 'labs.xml');
    const result = await runBin(['test', lab, '--junit', junit], { env: env() });
    expect(result.stderr).not.toContain('Reset and test');
    // kubectl cannot work with the fake server: the lab fails with errors, reported, not a crash.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('labs test on context k8s-labs-test');
    expect(result.stdout).toMatch(/^Summary: 1 lab, 1 step: .*violations, \d+ errors?, /m);
    expect(result.stderr).toContain('JUnit report written to');
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite name="labtest-good"');
  });

  it.skipIf(!existsSync('/dev/full'))(
    'turns a JUnit write failing after the run into bad input (exit 2), with one JSON document',
    async () => {
      // /dev/full opens for writing but every write fails (ENOSPC).
      const json = await runBin(['test', lab, '--json', '--junit', '/dev/full'], { env: env() });
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout)).toEqual({
        error: {
          message: expect.stringMatching(/^cannot write the JUnit report to \/dev\/full: ENOSPC/),
          next: 'pass a writable path to --junit',
          exitCode: 2,
        },
      });
      expect(json.stderr).not.toMatch(/unexpected failure|bug in k8s-labs/);
      // As text, the results still get their summary before the error.
      const text = await runBin(['test', lab, '--junit', '/dev/full'], { env: env() });
      expect(text.code).toBe(2);
      expect(text.stdout).toMatch(/^Summary: 1 lab/m);
      expect(text.stderr).toContain('error: cannot write the JUnit report to /dev/full: ENOSPC');
    },
  );
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('test/e2e/test-command.test.ts: skipping the confirmation tests: tmux is not installed');

describe.skipIf(!hasTmux)('labs test in a terminal (tmux, fake API server)', () => {
  const socket = `k8s-labs-test-cmd-${process.pid}-${Date.now()}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
  let api: FakeApiServer;
  let kubeconfig = '';
  beforeAll(async () => {
    api = await new FakeApiServer().start();
    api.put('/api/v1/namespaces', { metadata: { name: 'default' } });
    api.put('/api/v1/nodes', { metadata: { name: 'kwok-node-0', annotations: { 'kwok.x-k8s.io/node': 'fake' } } });
    kubeconfig = api.writeKubeconfig();
  });
  afterAll(() => {
    api.stop();
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  });

  async function waitForScreen(session: string, expected: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = tmux('capture-pane', '-p', '-J', '-t', session);
      if (text.includes(expected)) return text;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${JSON.stringify(expected)} on the screen:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function startTest(session: string, ...extra: string[]): void {
    const command = [
      `KUBECONFIG=${quote(kubeconfig)}`,
      `K8S_LABS_STATE_DIR=${quote(tempDir('k8s-labs-state-'))}`,
      'NO_COLOR=1',
      quote(nodePath),
      quote(cliPath),
      'test',
      quote(path.join(good, 'labs', 'labtest-good')),
      '--context',
      'k8s-labs-test',
      '--var',
      'namespace=confirm-me',
      ...extra,
      '; echo "[exit $?]"; exec sleep 600',
    ].join(' ');
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '40', command);
  }

  const discovery = (): number => api.requests.filter((request) => request.startsWith('GET /api?')).length;

  it('asks before resetting, naming the context and what it deletes; no leaves everything as it was', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    const before = discovery();
    startTest('no');
    await waitForScreen(
      'no',
      'Reset and test 1 lab on context k8s-labs-test? This deletes namespace confirm-me. [y/N]',
    );
    tmux('send-keys', '-t', 'no', 'n', 'Enter');
    const text = await waitForScreen('no', '[exit 1]');
    expect(text).toContain('Nothing was changed; no lab was tested.');
    expect(text).not.toContain('labtest-good  ');
    // kubectl never ran: nothing was reset.
    expect(discovery()).toBe(before);
  }, 30_000);

  it('goes ahead on yes, and does not ask with --yes', async () => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
    startTest('yes');
    await waitForScreen('yes', '[y/N]');
    tmux('send-keys', '-t', 'yes', 'y', 'Enter');
    let text = await waitForScreen('yes', '[exit 1]');
    expect(text).toContain('labtest-good  labs test fixture (sound)');
    startTest('flag', '--yes');
    text = await waitForScreen('flag', '[exit 1]');
    expect(text).not.toContain('[y/N]');
    expect(text).toContain('labtest-good  labs test fixture (sound)');
  }, 30_000);
});
