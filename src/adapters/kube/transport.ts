/**
 * A small HTTP client for one API server over node:https with keep-alive connections. Kept
 * instead of @kubernetes/client-node because loading that costs more than a whole check run.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { connectionError, type ServerIdentity } from './apiErrors.js';
import { type CredentialSource, type Credentials, secureContextOf } from './credentials.js';

export interface KubeResponse {
  status: number;
  body: string;
  /** The server's Date header: its clock, for marks compared across machines. */
  date?: string;
}

export interface RequestOptions {
  method?: string;
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
  /** Whole-request limit for non-streaming requests. */
  timeoutMs?: number;
}

export interface KubeTransport {
  readonly identity: ServerIdentity;
  /** Sends a request and reads the whole answer. Network failures become environment errors. */
  request(path: string, options?: RequestOptions): Promise<KubeResponse>;
  /** Opens a long-lived GET (a watch) and resolves with the response once its headers arrive. */
  stream(path: string, signal: AbortSignal): Promise<IncomingMessage>;
  /** Closes pooled connections so the process can exit. */
  close(): void;
}

export interface TransportOptions {
  /** How long establishing a TCP connection may take; an unreachable server fails after this. */
  connectTimeoutMs?: number;
  /** Default whole-request limit. */
  requestTimeoutMs?: number;
}

const abortError = (): Error => Object.assign(new Error('aborted'), { name: 'AbortError' });

/** The promise's outcome, or an AbortError as soon as the caller's own signal fires. */
function withSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const timeoutError = (message: string): Error => Object.assign(new Error(message), { code: 'ETIMEDOUT' });

export function createTransport(
  identity: ServerIdentity,
  credentials: CredentialSource,
  options: TransportOptions = {},
): KubeTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const base = identity.server.replace(/\/+$/, '');
  const plainHttp = base.startsWith('http://');
  const agents = new Map<string, http.Agent>();

  // Watches hold their connection open for as long as they run, so they get an agent of their
  // own and never occupy the kept-alive sockets that short reads reuse.
  const agentFor = (creds: Credentials, streaming: boolean): http.Agent => {
    const key = `${streaming ? 'stream' : 'short'}:${creds.key}`;
    let agent = agents.get(key);
    if (!agent) {
      const limits = { keepAlive: !streaming };
      agent = plainHttp
        ? new http.Agent(limits)
        : new https.Agent({ ...limits, ...creds.tls, secureContext: secureContextOf(creds) });
      agents.set(key, agent);
    }
    return agent;
  };

  const send = (path: string, creds: Credentials, opts: RequestOptions, streaming: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'User-Agent': 'k8s-labs',
        ...creds.headers,
      };
      if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
      const request = (plainHttp ? http : https).request(`${base}${path}`, {
        method: opts.method ?? 'GET',
        agent: agentFor(creds, streaming),
        headers,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const connectTimer = setTimeout(
        () => request.destroy(timeoutError(`no connection within ${connectTimeoutMs / 1000} s`)),
        connectTimeoutMs,
      );
      const totalMs = opts.timeoutMs ?? requestTimeoutMs;
      const totalTimer = streaming
        ? undefined
        : setTimeout(() => request.destroy(timeoutError(`no answer within ${totalMs / 1000} s`)), totalMs);
      const clearTimers = (): void => {
        clearTimeout(connectTimer);
        if (totalTimer) clearTimeout(totalTimer);
      };
      request.on('socket', (socket) => {
        // A pooled socket is already connected; a new one must connect in time.
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      request.on('response', (response) => {
        clearTimeout(connectTimer);
        if (streaming) {
          resolve(response);
          return;
        }
        response.on('end', clearTimers);
        response.on('error', clearTimers);
        resolve(response);
      });
      request.on('error', (error) => {
        clearTimers();
        reject(error);
      });
      request.end(opts.body);
    });

  const readBody = (response: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
      response.on('aborted', () =>
        reject(Object.assign(new Error('connection closed while reading the answer'), { code: 'ECONNRESET' })),
      );
    });

  const isAbort = (error: unknown): boolean => (error as Error).name === 'AbortError';
  const inflight = new Map<string, Promise<KubeResponse>>();

  /** Sends once, and once more with fresh credentials after a 401 when they can be renewed. */
  const withRetry = async (
    attempt: (creds: Credentials) => Promise<IncomingMessage>,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> => {
    try {
      let response = await attempt(await credentials.get(signal));
      if (response.statusCode === 401 && credentials.refreshable) {
        response.resume();
        credentials.invalidate();
        response = await attempt(await credentials.get(signal));
      }
      return response;
    } catch (error) {
      if (isAbort(error) || (error as { name?: string }).name === 'UserError') throw error;
      throw connectionError(identity, error);
    }
  };

  return {
    identity,
    request(path, opts = {}) {
      const fetchOnce = async (options: RequestOptions): Promise<KubeResponse> => {
        const response = await withRetry((creds) => send(path, creds, options, false), options.signal);
        try {
          const { date } = response.headers;
          return { status: response.statusCode ?? 0, body: await readBody(response), ...(date ? { date } : {}) };
        } catch (error) {
          if (isAbort(error)) throw error;
          throw connectionError(identity, error);
        }
      };
      // A caller that has given up starts nothing: withSignal below would not wait for a shared GET
      // started now, and its failure would be an unhandled rejection.
      if (opts.signal?.aborted) return Promise.reject(abortError());
      if ((opts.method ?? 'GET') !== 'GET' || opts.body !== undefined) return fetchOnce(opts);
      // Checks of one step run in parallel and often read the same object at the same moment: a
      // GET already in flight for the same path is shared (never cached once it is answered).
      const key = `${opts.timeoutMs ?? ''}:${path}`;
      let shared = inflight.get(key);
      if (!shared) {
        const { signal: _callerSignal, ...unsignalled } = opts;
        shared = fetchOnce(unsignalled).finally(() => inflight.delete(key));
        inflight.set(key, shared);
      }
      return withSignal(shared, opts.signal);
    },
    stream(path, signal) {
      return withRetry((creds) => send(path, creds, { signal }, true), signal);
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
