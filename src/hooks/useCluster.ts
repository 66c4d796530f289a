/**
 * The lab cluster as the guide sees it: connecting after the first frame, then ready or missing;
 * created only when the learner asks (C), with the phases and elapsed time shown as it goes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectedCluster, TuiServices } from '../ui/services.js';
import { useLatest } from './useLatest.js';
import { messageOf } from '../errors.js';

export type ClusterView =
  | { status: 'connecting' }
  | { status: 'ready'; cluster: ConnectedCluster }
  | { status: 'missing'; message: string; canCreate: boolean; next?: string; createError?: string }
  | { status: 'creating'; phase: string; elapsedMs: number };

export function useCluster(services: TuiServices): { view: ClusterView; create(): void } {
  const [view, setView] = useState<ClusterView>({ status: 'connecting' });
  const controller = useRef(new AbortController());
  const connected = useRef<ConnectedCluster | undefined>(undefined);

  const connect = useCallback(async (): Promise<void> => {
    const { signal } = controller.current;
    setView({ status: 'connecting' });
    try {
      const result = await services.connect(signal);
      if (signal.aborted) {
        if (result.ok) result.cluster.close();
        return;
      }
      if (result.ok) {
        connected.current = result.cluster;
        setView({ status: 'ready', cluster: result.cluster });
      } else {
        setView({
          status: 'missing',
          message: result.message,
          canCreate: result.canCreate && services.createCluster !== undefined,
          next: result.next,
        });
      }
    } catch (error) {
      if (signal.aborted) return;
      const next = (error as { nextStep?: string }).nextStep;
      setView({
        status: 'missing',
        message: messageOf(error),
        canCreate: false,
        next,
      });
    }
  }, [services]);

  useEffect(() => {
    void connect();
    const current = controller.current;
    return () => {
      current.abort();
      connected.current?.close();
    };
  }, [connect]);

  const latest = useLatest(view);
  const create = useCallback((): void => {
    const before = latest.current;
    const createCluster = services.createCluster;
    if (!createCluster || before.status !== 'missing' || !before.canCreate) return;
    const started = Date.now();
    let phase = 'starting';
    const { signal } = controller.current;
    setView({ status: 'creating', phase, elapsedMs: 0 });
    // Phases can be long (pulling the node image): keep the elapsed time moving.
    const tick = setInterval(() => setView({ status: 'creating', phase, elapsedMs: Date.now() - started }), 1000);
    createCluster({
      signal,
      onPhase: (next, elapsedMs) => {
        phase = next;
        if (!signal.aborted) setView({ status: 'creating', phase, elapsedMs });
      },
    }).then(
      () => {
        clearInterval(tick);
        if (!signal.aborted) void connect();
      },
      (error: unknown) => {
        clearInterval(tick);
        if (signal.aborted) return;
        setView({
          status: 'missing',
          message: before.message,
          canCreate: true,
          next: (error as { nextStep?: string }).nextStep ?? before.next,
          createError: messageOf(error),
        });
      },
    );
  }, [services, connect, latest]);

  return { view, create };
}
