/**
 * Reading and writing the ledger ConfigMap: a read-merge-replace with the object's
 * resourceVersion, so two writers never overwrite each other (a conflict is read and merged again).
 */
import { LEDGER_KEY, type Ledger, mergeLedger, parseLedger } from '../../core/workshop/ledger.js';
import { LEDGER_CONFIGMAP } from '../../core/workshop/names.js';
import type { KubeTransport } from './transport.js';
import { writeError } from './writes.js';

const path = (namespace: string): string =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${LEDGER_CONFIGMAP}`;

interface ConfigMap {
  metadata: { resourceVersion?: string; [field: string]: unknown };
  data?: Record<string, string>;
  [field: string]: unknown;
}

export async function readLedger(
  transport: KubeTransport,
  namespace: string,
  signal?: AbortSignal,
): Promise<Ledger | undefined> {
  const response = await transport.request(path(namespace), { ...(signal ? { signal } : {}), timeoutMs: 5000 });
  if (response.status === 404) return undefined;
  if (response.status !== 200)
    throw writeError(transport, 'read', `the ledger in ${namespace}`, response.status, response.body);
  return parseLedger((JSON.parse(response.body) as ConfigMap).data?.[LEDGER_KEY]);
}

/** Writes `mine` merged with what is stored; retries on conflict and transient failures. */
export async function writeLedger(
  transport: KubeTransport,
  namespace: string,
  mine: Ledger,
  /** replace: write `mine` as it is (an instructor's reset), instead of merging it in. */
  options: { attempts?: number; delayMs?: number; replace?: boolean } = {},
): Promise<void> {
  const attempts = options.attempts ?? 4;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, (options.delayMs ?? 150) * 2 ** attempt));
    try {
      const current = await transport.request(path(namespace), { timeoutMs: 5000 });
      if (current.status !== 200)
        throw writeError(transport, 'read', `the ledger in ${namespace}`, current.status, current.body);
      const object = JSON.parse(current.body) as ConfigMap;
      const merged = options.replace ? mine : mergeLedger(parseLedger(object.data?.[LEDGER_KEY]), mine);
      const body = JSON.stringify({ ...object, data: { ...object.data, [LEDGER_KEY]: JSON.stringify(merged) } });
      const written = await transport.request(path(namespace), { method: 'PUT', body, timeoutMs: 5000 });
      if (written.status === 200) return;
      lastError = writeError(transport, 'write', `the ledger in ${namespace}`, written.status, written.body);
      // Forbidden or gone will not get better by retrying.
      if (written.status === 403 || written.status === 404) break;
    } catch (error) {
      lastError = error;
      if ((error as { status?: number }).status === 403) break;
    }
  }
  throw lastError;
}
