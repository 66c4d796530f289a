/**
 * Watches over HTTP streaming: one newline-delimited JSON stream per (kind, namespace), resumed
 * from the last resourceVersion after a disconnect (with backoff), and re-listed when the server
 * says the version is gone (410). A re-list reports what changed in between, so no change is lost.
 */
import type { IncomingMessage } from 'node:http';
import type { KindName } from '../../core/kinds.js';
import type { WatchEvent, WatchTarget } from '../../core/ports.js';
import { httpStatusError } from './apiErrors.js';
import { collectionPath, describeTarget, listWithVersion } from './list.js';
import type { KubeTransport } from './transport.js';
import { sleep } from '../../core/sleep.js';

export interface WatchTiming {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Reject once the stream has failed continuously for this long. */
  giveUpAfterMs: number;
}

const DEFAULT_TIMING: WatchTiming = { initialBackoffMs: 250, maxBackoffMs: 5000, giveUpAfterMs: 60_000 };

interface RawObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  code?: number;
  message?: string;
}

interface RawEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: RawObject;
}

class FatalWatchError extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

const keyOf = (object: RawObject): string => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

/** Reads a watch response line by line; resolves true when the server said 410 Gone. */
function consume(response: IncomingMessage, onEvent: (event: RawEvent) => void): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let gone = false;
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        if (!line) continue;
        let event: RawEvent;
        try {
          event = JSON.parse(line) as RawEvent;
        } catch {
          continue;
        }
        if (event.type === 'ERROR') {
          if (event.object.code === 410) gone = true;
          response.destroy();
          if (!gone) reject(new Error(event.object.message ?? 'watch error'));
          resolve(gone);
          return;
        }
        onEvent(event);
      }
    });
    response.on('end', () => resolve(gone));
    response.on('close', () => resolve(gone));
    response.on('error', reject);
  });
}

async function watchOne(
  transport: KubeTransport,
  target: WatchTarget,
  emit: (event: WatchEvent) => void,
  signal: AbortSignal,
  timing: WatchTiming,
): Promise<void> {
  const { kind, namespace } = target;
  const known = new Map<string, string>();
  const toEvent = (type: WatchEvent['type'], object: RawObject): WatchEvent => ({
    type,
    kind,
    name: object.metadata?.name ?? '',
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
  });

  const relist = async (report: boolean): Promise<string> => {
    const { items, resourceVersion } = await listWithVersion(
      transport,
      kind as KindName,
      namespace ? { namespace } : {},
      signal,
    );
    const seen = new Map<string, string>();
    for (const item of items as RawObject[]) {
      const key = keyOf(item);
      const version = item.metadata?.resourceVersion ?? '';
      seen.set(key, version);
      if (report && !known.has(key)) emit(toEvent('ADDED', item));
      else if (report && known.get(key) !== version) emit(toEvent('MODIFIED', item));
    }
    if (report) {
      for (const key of known.keys()) {
        if (seen.has(key)) continue;
        const [ns, name] = key.split('/') as [string, string];
        emit({ type: 'DELETED', kind, name, ...(ns ? { namespace: ns } : {}) });
      }
    }
    known.clear();
    for (const [key, version] of seen) known.set(key, version);
    return resourceVersion;
  };

  // The first list decides whether the watch can be established at all: its errors reject.
  let version = await relist(false);
  let failingSince: number | undefined;
  let delay = timing.initialBackoffMs;
  let needRelist = false;
  let gone = 0;

  while (!signal.aborted) {
    try {
      if (needRelist) {
        version = await relist(true);
        needRelist = false;
      }
      const query = `?watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(version)}`;
      const response = await transport.stream(`${collectionPath(kind, namespace)}${query}`, signal);
      const status = response.statusCode ?? 0;
      if (status === 410) {
        response.resume();
        needRelist = true;
        gone += 1;
        if (gone > 1) await sleep(Math.min(timing.initialBackoffMs * 2 ** gone, timing.maxBackoffMs), signal);
        continue;
      }
      if (status !== 200) {
        const body = await new Promise<string>((resolve) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve(text));
          response.on('error', () => resolve(text));
        });
        const error = httpStatusError(transport.identity, status, body, describeTarget(kind, namespace));
        // Credentials, permissions or an unknown kind will not fix themselves by retrying.
        if (status >= 400 && status < 500 && status !== 429) throw new FatalWatchError(error);
        throw error;
      }
      failingSince = undefined;
      delay = timing.initialBackoffMs;
      const expired = await consume(response, (event) => {
        gone = 0;
        const object = event.object;
        if (object.metadata?.resourceVersion) version = object.metadata.resourceVersion;
        if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') return;
        if (event.type === 'DELETED') known.delete(keyOf(object));
        else known.set(keyOf(object), object.metadata?.resourceVersion ?? '');
        emit(toEvent(event.type, object));
      });
      if (expired) {
        needRelist = true;
        gone += 1;
        // A server that keeps expiring fresh versions must not be re-listed in a tight loop.
        if (gone > 1) await sleep(Math.min(timing.initialBackoffMs * 2 ** gone, timing.maxBackoffMs), signal);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof FatalWatchError) throw error.error;
      failingSince ??= Date.now();
      if (Date.now() - failingSince > timing.giveUpAfterMs) throw error;
      await sleep(delay, signal);
      delay = Math.min(delay * 2, timing.maxBackoffMs);
      // After an outage the server may no longer have our version: re-list to be safe.
      needRelist = true;
    }
  }
}

/** Watches every target until `signal` aborts; rejects when one cannot be established or is lost. */
export async function watchKinds(
  transport: KubeTransport,
  targets: WatchTarget[],
  onEvent: (event: WatchEvent) => void,
  signal: AbortSignal,
  timing: WatchTiming = DEFAULT_TIMING,
): Promise<void> {
  const unique = [...new Map(targets.map((target) => [`${target.kind}/${target.namespace ?? ''}`, target])).values()];
  const inner = new AbortController();
  const forward = (): void => inner.abort(signal.reason);
  if (signal.aborted) return;
  signal.addEventListener('abort', forward, { once: true });
  try {
    await Promise.all(
      unique.map((target) =>
        watchOne(transport, target, onEvent, inner.signal, timing).catch((error: unknown) => {
          inner.abort(error);
          throw error;
        }),
      ),
    );
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    signal.removeEventListener('abort', forward);
  }
}
