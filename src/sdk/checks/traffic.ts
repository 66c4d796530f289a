/** Sending requests from inside a pod and telling which pod answered. Needs a data plane. */
import type { CheckContext, HttpResult } from '../index.js';

/** The pod name in a traefik/whoami answer ("Hostname: echo-frontend-5d8f...-x2k4j"). */
export function whoamiHostname(body: string): string | undefined {
  return /^Hostname:\s*(\S+)/m.exec(body)?.[1];
}

/** The pod name in an agnhost netexec /hostname answer (the body is just the name). */
export function plainHostname(body: string): string | undefined {
  const name = body.trim();
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) ? name : undefined;
}

export interface Answers {
  /** How many requests were sent. */
  sent: number;
  /** Answering pod names, one entry per successful request. */
  answeredBy: string[];
  /** Failed requests' results, for the message. */
  failures: HttpResult[];
  /** Bodies that came back but named no pod. */
  unrecognised: string[];
}

/**
 * Sends `count` GETs from `fromPod` to `url`, a few at a time, each on a new connection, and
 * collects which pod answered each one.
 */
export async function collectAnswers(
  ctx: CheckContext,
  fromPod: string,
  url: string,
  count: number,
  responder: (body: string) => string | undefined,
  parallel = 6,
): Promise<Answers> {
  const answers: Answers = { sent: 0, answeredBy: [], failures: [], unrecognised: [] };
  for (let start = 0; start < count; start += parallel) {
    const batch = Math.min(parallel, count - start);
    const results = await Promise.all(
      Array.from({ length: batch }, () => ctx.httpGet(fromPod, url, { timeoutMs: 3000 })),
    );
    for (const result of results) {
      answers.sent += 1;
      if (!result.ok) {
        answers.failures.push(result);
        continue;
      }
      const name = responder(result.body);
      if (name) answers.answeredBy.push(name);
      else answers.unrecognised.push(result.body.slice(0, 80));
    }
  }
  return answers;
}

/** "could not resolve host: x" or "HTTP 503", for a failed request. */
export function failureText(result: HttpResult): string {
  if (result.status === 0) return result.error ?? 'no response';
  return `HTTP ${result.status}`;
}

/** Distinct names, in the order first seen. */
export const distinct = (names: readonly string[]): string[] => [...new Set(names)];
