/**
 * Mirrors the attendee's progress into their ledger ConfigMap after every change. Writes run in
 * the background, one at a time with the newest state, with retries; a failure is reported once
 * and never blocks or fails the command or the guide: the local progress file stays the truth.
 */
import { ledgerOf } from '../../core/workshop/ledger.js';
import { emptyProgress, type LabProgress } from '../../core/progress.js';
import { connectCluster } from '../../adapters/connect.js';
import type { ProgressStore } from '../../adapters/fs/progressStore.js';
import { writeLedger } from '../../adapters/kube/ledgerConfigMap.js';
import type { KubeTransport } from '../../adapters/kube/transport.js';
import type { AttendeeAccess } from './attendeeAccess.js';

export interface LedgerMirror {
  push(progress: LabProgress): void;
  /** Resolves when the pending write is done (or failed). */
  settled(): Promise<void>;
}

export function createLedgerMirror(
  access: AttendeeAccess,
  warn: (message: string) => void,
  deps: {
    connect?: () => Promise<KubeTransport>;
    write?: (transport: KubeTransport, progress: LabProgress) => Promise<void>;
  } = {},
): LedgerMirror {
  const write =
    deps.write ??
    ((transport: KubeTransport, progress: LabProgress) =>
      writeLedger(transport, access.config.home, ledgerOf(progress, access.config.attendee)));
  const connect =
    deps.connect ??
    (() => connectCluster({ context: access.contextName, env: access.env }).then((opened) => opened.transport));
  let transport: Promise<KubeTransport> | undefined;
  let pending: LabProgress | undefined;
  let running: Promise<void> = Promise.resolve();
  let warned = false;
  const open = (): Promise<KubeTransport> => (transport ??= connect());

  const drain = async (): Promise<void> => {
    while (pending) {
      const progress = pending;
      pending = undefined;
      try {
        await write(await open(), progress);
      } catch (error) {
        if (!warned)
          warn(`your progress could not be sent to the instructor (kept on this machine): ${(error as Error).message}`);
        warned = true;
      }
    }
    const opened = await transport?.catch(() => undefined);
    opened?.close();
    transport = undefined;
  };

  return {
    push(progress) {
      const idle = pending === undefined;
      pending = progress;
      if (idle) running = running.then(drain);
    },
    settled: () => running,
  };
}

/** The store, with every change also pushed to the mirror. */
export function mirroredStore(store: ProgressStore, mirror: LedgerMirror): ProgressStore {
  return {
    ...store,
    dir: store.dir,
    save(progress) {
      store.save(progress);
      mirror.push(progress);
    },
    update(labId, change) {
      const progress = store.update(labId, change);
      mirror.push(progress);
      return progress;
    },
    // The attendee's own reset: a fresh record whose resetAt outranks what the ledger holds.
    remove(labId) {
      store.remove(labId);
      const at = new Date().toISOString();
      const fresh: LabProgress = { ...emptyProgress(labId), resetAt: at, updatedAt: at };
      store.save(fresh);
      mirror.push(fresh);
    },
  };
}
