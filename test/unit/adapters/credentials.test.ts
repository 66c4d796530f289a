import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createCredentialSource, secureContextOf } from '../../../src/adapters/kube/credentials.js';
import type { ResolvedContext } from '../../../src/adapters/kube/kubeconfig.js';
import { CommandNotFoundError } from '../../../src/adapters/process/run.js';
import type { RunOptions, RunResult } from '../../../src/core/ports.js';

const certs = path.resolve('test/fixtures/kubeconfig-relative/certs');

const context = (
  user: ResolvedContext['user'],
  cluster: Partial<ResolvedContext['cluster']> = {},
): ResolvedContext => ({
  name: 'ctx',
  clusterName: 'c',
  userName: 'u',
  cluster: { server: 'https://127.0.0.1:1', ...cluster },
  user,
  file: '/kubeconfig',
});

const ok = (stdout: string): RunResult => ({
  exitCode: 0,
  stdout,
  stderr: '',
  timedOut: false,
  aborted: false,
  durationMs: 1,
});

function fakePlugin(answers: (RunResult | Error)[]) {
  const calls: { file: string; args: readonly string[]; options?: RunOptions }[] = [];
  const run = async (file: string, args: readonly string[], options?: RunOptions): Promise<RunResult> => {
    calls.push({ file, args, ...(options ? { options } : {}) });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer instanceof Error) throw answer;
    return answer!;
  };
  return { run, calls };
}

const noRun = async (): Promise<RunResult> => {
  throw new Error('no process expected');
};

describe('static credentials', () => {
  test('bearer token, basic auth, and TLS material from data or files', async () => {
    const token = await createCredentialSource(context({ token: 't' }), { run: noRun, env: {} }).get();
    expect(token.headers['Authorization']).toBe('Bearer t');
    expect(token.tls.rejectUnauthorized).toBe(true);

    const basic = await createCredentialSource(context({ username: 'ann', password: 'pw' }), {
      run: noRun,
      env: {},
    }).get();
    expect(basic.headers['Authorization']).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);

    const files = await createCredentialSource(
      context(
        {
          'client-certificate': path.join(certs, 'client.crt'),
          'client-key-data': Buffer.from('KEY').toString('base64'),
        },
        {
          'certificate-authority': path.join(certs, 'ca.crt'),
          'insecure-skip-tls-verify': true,
          'tls-server-name': 'kubernetes',
        },
      ),
      { run: noRun, env: {} },
    ).get();
    expect(files.tls.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(files.tls.cert?.toString()).toContain('ZmFrZSBjbGllbnQ=');
    expect(files.tls.key?.toString()).toBe('KEY');
    expect(files.tls.rejectUnauthorized).toBe(false);
    expect(files.tls.servername).toBe('kubernetes');
    expect(files.headers['Authorization']).toBeUndefined();
  });

  test('a token file is read, and read again after invalidate', async () => {
    const source = createCredentialSource(context({ tokenFile: path.join(certs, 'token') }), { run: noRun, env: {} });
    expect(source.refreshable).toBe(true);
    expect((await source.get()).headers['Authorization']).toBe('Bearer token-from-file');
  });

  test('a missing certificate file is an environment error naming the context and the file', () => {
    expect(() => createCredentialSource(context({ 'client-key': '/nope/key.pem' }), { run: noRun, env: {} })).toThrow(
      /cannot read the client key of context "ctx" \(\/nope\/key\.pem\)/,
    );
  });
});

describe('exec credential plugins', () => {
  const exec = {
    command: 'cloud',
    args: ['get-token'],
    apiVersion: 'client.authentication.k8s.io/v1',
    env: [{ name: 'PROFILE', value: 'dev' }],
  };

  test('runs the plugin with KUBERNETES_EXEC_INFO and its env, and caches until the expiry', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const plugin = fakePlugin([
      ok(JSON.stringify({ status: { token: 'first', expirationTimestamp: '2030-01-01T00:10:00Z' } })),
      ok(JSON.stringify({ status: { token: 'second' } })),
    ]);
    const source = createCredentialSource(context({ exec }), { run: plugin.run, env: {}, now: () => now });
    expect((await source.get()).headers['Authorization']).toBe('Bearer first');
    expect((await source.get()).headers['Authorization']).toBe('Bearer first');
    expect(plugin.calls).toHaveLength(1);
    const info = JSON.parse(plugin.calls[0]!.options!.env!['KUBERNETES_EXEC_INFO']!) as {
      apiVersion: string;
      spec: { interactive: boolean };
    };
    expect(info).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    expect(plugin.calls[0]!.options!.env!['PROFILE']).toBe('dev');
    now += 10 * 60_000;
    expect((await source.get()).headers['Authorization']).toBe('Bearer second');
    expect(plugin.calls).toHaveLength(2);
  });

  test('client certificates from the plugin replace the kubeconfig ones and change the pool key', async () => {
    const plugin = fakePlugin([
      ok(JSON.stringify({ status: { clientCertificateData: 'CERT', clientKeyData: 'KEY' } })),
    ]);
    const source = createCredentialSource(context({ exec }), { run: plugin.run, env: {} });
    const first = await source.get();
    expect(first.tls.cert?.toString()).toBe('CERT');
    source.invalidate();
    const second = await source.get();
    expect(second.key).not.toBe(first.key);
  });

  test('a plugin that is not installed: environment error with its install hint', async () => {
    const plugin = fakePlugin([new CommandNotFoundError('cloud')]);
    const source = createCredentialSource(context({ exec: { ...exec, installHint: 'brew install cloud-cli' } }), {
      run: plugin.run,
      env: {},
    });
    await expect(source.get()).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringContaining('is not installed'),
      nextStep: 'brew install cloud-cli',
    });
  });

  test('a failing plugin shows its stderr; garbage output is explained', async () => {
    const failing = fakePlugin([{ ...ok(''), exitCode: 1, stderr: 'please log in' }]);
    await expect(createCredentialSource(context({ exec }), { run: failing.run, env: {} }).get()).rejects.toMatchObject({
      message: expect.stringContaining('failed (exit 1): please log in'),
      nextStep: expect.stringContaining('cloud get-token'),
    });
    const garbage = fakePlugin([ok('not json')]);
    await expect(createCredentialSource(context({ exec }), { run: garbage.run, env: {} }).get()).rejects.toThrow(
      /did not print an ExecCredential/,
    );
  });
});

describe('TLS contexts', () => {
  test('two kubeconfigs whose contexts share a name do not share a client certificate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'labs-creds-'));
    try {
      const [cert, key] = [path.join(dir, 'client.crt'), path.join(dir, 'client.key')];
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'].concat([
          '-nodes',
          '-subj',
          '/CN=learner',
          '-days',
          '1',
          '-keyout',
          key,
          '-out',
          cert,
        ]),
        { stdio: 'ignore' },
      );
      const withCert = await createCredentialSource(context({ 'client-certificate': cert, 'client-key': key }), {
        run: noRun,
        env: {},
      }).get();
      const tokenOnly = await createCredentialSource(context({ token: 'not-a-valid-token' }), {
        run: noRun,
        env: {},
      }).get();
      expect(withCert.key).toBe(tokenOnly.key);
      expect(secureContextOf(tokenOnly)).not.toBe(secureContextOf(withCert));
      // Built once per credentials, all the same.
      expect(secureContextOf(withCert)).toBe(secureContextOf(withCert));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
