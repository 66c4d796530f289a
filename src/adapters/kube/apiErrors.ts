/** Turns network and HTTP failures of API calls into errors that name the server and the next step. */
import { environmentError, type UserError } from '../../errors.js';

/** Which server a request went to, and what the learner should do when it fails. */
export interface ServerIdentity {
  server: string;
  context: string;
  nextStep: string;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  EPROTO: 'TLS protocol error',
};

/** The reason in a few words, or undefined when `error` is not a network or TLS failure. */
export function networkReason(error: unknown): string | undefined {
  // A 403 has no cause: nothing to read then.
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (code in NETWORK_REASONS) return NETWORK_REASONS[code];
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) {
    return `TLS verification failed (${(error as Error).message})`;
  }
  return undefined;
}

export function connectionError(identity: ServerIdentity, error: unknown): UserError {
  const reason = networkReason(error) ?? (error as Error).message;
  return environmentError(
    `cannot reach the Kubernetes API server ${identity.server} (context ${identity.context}): ${reason}`,
    identity.nextStep,
    error,
  );
}

/** The message of a Kubernetes Status body, if the body is one. */
export function statusMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    return parsed.kind === 'Status' && parsed.message ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

export function httpStatusError(identity: ServerIdentity, status: number, body: string, what: string): UserError {
  const detail = statusMessage(body) ?? body.trim().slice(0, 200);
  const where = `${identity.server} (context ${identity.context})`;
  if (status === 401) {
    return environmentError(
      `the API server ${where} rejected the credentials while reading ${what}${detail ? `: ${detail}` : ''}`,
      `renew the credentials of context "${identity.context}" (log in again), then retry`,
    );
  }
  if (status === 403) {
    return environmentError(
      `not allowed to read ${what} on ${where}${detail ? `: ${detail}` : ''}`,
      `ask the cluster admin for read access (get, list, watch) to ${what}, or use the lab cluster`,
    );
  }
  return environmentError(
    `the API server ${where} answered ${status} while reading ${what}${detail ? `: ${detail}` : ''}`,
    identity.nextStep,
  );
}
