/**
 * How requests to one API server authenticate: TLS material and an Authorization header, from a
 * kubeconfig context. Exec credential plugins (cloud CLIs, OIDC helpers) run through the process
 * runner; their answer is cached until it expires.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { environmentError } from '../../errors.js';
import { isCommandNotFound, type ProcessRunner } from '../process/run.js';
import type { ResolvedContext } from './kubeconfig.js';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface Credentials {
  headers: Record<string, string>;
  tls: TlsMaterial;
  /** Changes whenever the TLS material changes, so pooled connections are rebuilt. */
  key: string;
}

/**
 * Keyed by the TLS material itself, never by a name: two kubeconfigs may name their contexts
 * alike (a workshop attendee's and the instructor's, a test's copy with another user) and must
 * not share a client certificate.
 */
const secureContexts = new WeakMap<TlsMaterial, tls.SecureContext>();

/**
 * The TLS context of these credentials, built once per process: building one parses the CA, the
 * key and the cipher list (about 10 ms), and the HTTP transport and pod exec share it.
 */
export function secureContextOf(creds: Credentials): tls.SecureContext {
  let context = secureContexts.get(creds.tls);
  if (!context) {
    const { ca, cert, key } = creds.tls;
    context = tls.createSecureContext({ ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) });
    secureContexts.set(creds.tls, context);
  }
  return context;
}

export interface CredentialSource {
  get(signal?: AbortSignal): Promise<Credentials>;
  /** Forgets cached plugin output after a 401, so the next `get` asks the plugin again. */
  invalidate(): void;
  /** True when `invalidate` can produce different credentials (an exec plugin or token file). */
  readonly refreshable: boolean;
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** Refresh plugin credentials this long before they expire. */
const EXPIRY_MARGIN_MS = 10_000;
const PLUGIN_TIMEOUT_MS = 60_000;

function readFile(file: string, what: string, context: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw environmentError(
      `cannot read the ${what} of context "${context}" (${file}): ${(error as Error).message}`,
      'fix the path in your kubeconfig',
      error,
    );
  }
}

function material(data: unknown, file: unknown, what: string, context: string): Buffer | undefined {
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
  if (typeof file === 'string' && file) return readFile(file, what, context);
  return undefined;
}

export function createCredentialSource(
  context: ResolvedContext,
  deps: { run: ProcessRunner; env: NodeJS.ProcessEnv; now?: () => number },
): CredentialSource {
  const now = deps.now ?? Date.now;
  const { cluster, user } = context;
  const tlsBase: TlsMaterial = {
    rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    ...(typeof cluster['tls-server-name'] === 'string' ? { servername: cluster['tls-server-name'] } : {}),
  };
  const ca = material(
    cluster['certificate-authority-data'],
    cluster['certificate-authority'],
    'certificate authority',
    context.name,
  );
  if (ca) tlsBase.ca = ca;
  const cert = material(
    user['client-certificate-data'],
    user['client-certificate'],
    'client certificate',
    context.name,
  );
  const key = material(user['client-key-data'], user['client-key'], 'client key', context.name);
  if (cert) tlsBase.cert = cert;
  if (key) tlsBase.key = key;

  const staticHeaders: Record<string, string> = {};
  if (user.username !== undefined && user.password !== undefined) {
    staticHeaders['Authorization'] = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  }

  let tokenFromFile: string | undefined;
  let cached: { credentials: Credentials; expiresAt: number } | undefined;
  let pending: Promise<Credentials> | undefined;
  let generation = 0;

  const bearer = (): string | undefined => {
    if (user.token) return user.token;
    if (user.tokenFile) {
      tokenFromFile ??= readFile(user.tokenFile, 'token file', context.name).toString('utf8').trim();
      return tokenFromFile;
    }
    return undefined;
  };

  const withToken = (token: string | undefined, tls: TlsMaterial, keySuffix: string): Credentials => ({
    headers: token ? { ...staticHeaders, Authorization: `Bearer ${token}` } : { ...staticHeaders },
    tls,
    key: `${context.name}:${keySuffix}`,
  });

  const runPlugin = async (signal?: AbortSignal): Promise<Credentials> => {
    const exec = user.exec!;
    const spec: Record<string, unknown> = { interactive: false };
    if (exec.provideClusterInfo) {
      spec['cluster'] = {
        server: cluster.server,
        ...(ca ? { 'certificate-authority-data': ca.toString('base64') } : {}),
        ...(cluster['insecure-skip-tls-verify'] ? { 'insecure-skip-tls-verify': true } : {}),
        ...(tlsBase.servername ? { 'tls-server-name': tlsBase.servername } : {}),
      };
    }
    const env: Record<string, string> = {
      KUBERNETES_EXEC_INFO: JSON.stringify({
        apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec,
      }),
    };
    for (const entry of exec.env ?? []) env[entry.name] = entry.value;
    const what = `the credential plugin \`${exec.command}\` of context "${context.name}"`;
    let result;
    try {
      result = await deps.run(exec.command, exec.args ?? [], {
        env,
        timeoutMs: PLUGIN_TIMEOUT_MS,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isCommandNotFound(error)) {
        throw environmentError(
          `${what} is not installed`,
          exec.installHint?.trim() || `install \`${exec.command}\`, or choose another context with --context`,
          error,
        );
      }
      throw error;
    }
    if (result.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    if (result.exitCode !== 0) {
      const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' ');
      throw environmentError(
        `${what} ${result.timedOut ? 'timed out' : `failed (exit ${result.exitCode})`}${detail ? `: ${detail}` : ''}`,
        `run \`${[exec.command, ...(exec.args ?? [])].join(' ')}\` yourself to see what it needs (a login, usually)`,
      );
    }
    let status: ExecCredentialStatus | undefined;
    try {
      status = (JSON.parse(result.stdout) as { status?: ExecCredentialStatus }).status;
    } catch (error) {
      throw environmentError(
        `${what} did not print an ExecCredential`,
        'check the plugin configuration in your kubeconfig',
        error,
      );
    }
    if (!status || (!status.token && !status.clientCertificateData)) {
      throw environmentError(
        `${what} returned no token and no client certificate`,
        'check the plugin configuration in your kubeconfig',
      );
    }
    generation += 1;
    const tls: TlsMaterial = { ...tlsBase };
    if (status.clientCertificateData && status.clientKeyData) {
      tls.cert = Buffer.from(status.clientCertificateData);
      tls.key = Buffer.from(status.clientKeyData);
    }
    const credentials = withToken(status.token, tls, `exec-${generation}`);
    const expiresAt = status.expirationTimestamp
      ? Date.parse(status.expirationTimestamp) - EXPIRY_MARGIN_MS
      : Number.POSITIVE_INFINITY;
    cached = { credentials, expiresAt: Number.isNaN(expiresAt) ? Number.POSITIVE_INFINITY : expiresAt };
    return credentials;
  };

  const staticCredentials = user.exec
    ? undefined
    : (): Credentials => withToken(bearer(), tlsBase, `static-${generation}`);

  return {
    refreshable: Boolean(user.exec || user.tokenFile),
    async get(signal) {
      if (staticCredentials) return staticCredentials();
      if (cached && cached.expiresAt > now()) return cached.credentials;
      pending ??= runPlugin(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
      tokenFromFile = undefined;
    },
  };
}
