/**
 * The marks of a `labs test` run on its namespaces (see core/labTest/runMarks.ts): labels a
 * namespace once it exists, refreshes the seen time of the marked ones every heartbeat, and lists
 * the marked namespaces of every run for the sweep at the start of the next one.
 */
import { HEARTBEAT_MS, type MarkedNamespace, RUN_LABEL, SEEN_ANNOTATION } from '../../core/labTest/runMarks.js';
import type { KubeTransport } from './transport.js';
import { collectionPath, patchMetadata } from './writes.js';

export interface RunMarks {
  /**
   * Namespaces the run may have made by now: labels those that exist; the others are tried once
   * more at the next heartbeat. Never throws: a mark is a courtesy to later runs.
   */
  mark(names: readonly string[]): void;
  /** Stops the heartbeat and waits for the writes in flight. */
  stop(): Promise<void>;
}

export function startRunMarks(
  transport: KubeTransport,
  run: string,
  /** `now`: the API server's clock (see listMarkedNamespaces), so that machines agree on "seen". */
  options: { now?: () => number; heartbeatMs?: number } = {},
): RunMarks {
  const now = options.now ?? Date.now;
  const marked = new Set<string>();
  /** Asked for but not there yet: tried again at the next heartbeat, then forgotten. */
  const waiting = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  let stopped = false;

  const write = (name: string): Promise<void> => {
    const previous = inFlight.get(name) ?? Promise.resolve();
    const next = previous.then(async () => {
      // The label every time: a namespace deleted and made again under the name has lost it.
      const metadata = {
        labels: { [RUN_LABEL]: run },
        annotations: { [SEEN_ANNOTATION]: new Date(now()).toISOString() },
      };
      try {
        if (await patchMetadata(transport, { kind: 'Namespace', name }, metadata, AbortSignal.timeout(5000))) {
          marked.add(name);
          waiting.delete(name);
        } else marked.delete(name);
      } catch {
        // Not allowed, or the server is busy: the next heartbeat tries again.
      }
    });
    inFlight.set(name, next);
    void next.then(() => {
      if (inFlight.get(name) === next) inFlight.delete(name);
    });
    return next;
  };

  const timer = setInterval(() => {
    for (const name of [...marked]) void write(name);
    for (const name of [...waiting]) {
      waiting.delete(name);
      void write(name);
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();

  return {
    mark(names) {
      if (stopped) return;
      for (const name of names) {
        if (marked.has(name)) continue;
        waiting.add(name);
        void write(name);
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(inFlight.values());
    },
  };
}

/**
 * Every namespace a `labs test` run marked, with its run and when it was last seen, and how far
 * the API server's clock is ahead of this machine's (0 when the server does not say).
 */
export async function listMarkedNamespaces(
  transport: KubeTransport,
  signal?: AbortSignal,
): Promise<{ namespaces: MarkedNamespace[]; clockOffsetMs: number }> {
  const asked = Date.now();
  const response = await transport.request(
    `${collectionPath('Namespace')}?labelSelector=${encodeURIComponent(RUN_LABEL)}`,
    signal ? { signal } : {},
  );
  if (response.status !== 200) throw new Error(`listing namespaces: ${response.status}`);
  const server = response.date === undefined ? Number.NaN : Date.parse(response.date);
  // The Date header has whole seconds: half a second is the best guess of when it was written.
  const clockOffsetMs = Number.isFinite(server) ? server + 500 - (asked + Date.now()) / 2 : 0;
  const items = (
    JSON.parse(response.body) as {
      items?: {
        metadata: {
          name: string;
          labels?: Record<string, string>;
          annotations?: Record<string, string>;
          creationTimestamp?: string;
          deletionTimestamp?: string;
        };
      }[];
    }
  ).items;
  const namespaces = (items ?? []).map(({ metadata }) => ({
    name: metadata.name,
    run: metadata.labels?.[RUN_LABEL] ?? '',
    seen: metadata.annotations?.[SEEN_ANNOTATION],
    created: metadata.creationTimestamp,
    terminating: metadata.deletionTimestamp !== undefined,
  }));
  return { namespaces, clockOffsetMs };
}
