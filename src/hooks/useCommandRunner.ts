/**
 * Runs the command block the state asks for (mode running-command), streaming its lines into the
 * output pane. Ctrl-C (mode.stopping), leaving the state or unmounting aborts it, which kills the
 * whole process tree.
 */
import { useEffect, useRef } from 'react';
import type { ShellRunner } from '../core/ports.js';
import type { Mode, RunOutcome } from '../core/stepState/types.js';
import type { OutputPane } from './useOutputPane.js';
import { useLatest } from './useLatest.js';
import { messageOf } from '../errors.js';

export const DEFAULT_COMMAND_TIMEOUT_MS = 30 * 60 * 1000;

export interface CommandRunnerOptions {
  mode: Mode;
  shell: ShellRunner;
  /** The rendered script of a block of the current step. */
  scriptOf(block: number): string;
  output: OutputPane;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Where blocks run: the lab's assets/ folder when it has one. */
  cwd?: string;
  onFinished(outcome: RunOutcome, script: string): void;
  /** Still connecting to the lab cluster: a confirmed block waits, so it never runs offline by accident. */
  waitForCluster?: boolean;
}

export function useCommandRunner(options: CommandRunnerOptions): void {
  const latest = useLatest(options);
  const controller = useRef<AbortController | undefined>(undefined);
  const { mode } = options;
  const run = mode.kind === 'running-command' ? mode.run : undefined;
  const stopping = mode.kind === 'running-command' && mode.stopping;
  // A run starts once the cluster is known, and is never stopped by a later reconnect.
  const released = useRef<number | undefined>(undefined);
  const go = run !== undefined && (!options.waitForCluster || released.current === run) ? run : undefined;
  if (go !== undefined) released.current = go;

  useEffect(() => {
    const current = latest.current;
    if (current.mode.kind !== 'running-command' || go === undefined) return;
    const { block } = current.mode;
    const script = current.scriptOf(block);
    const abort = new AbortController();
    controller.current = abort;
    const started = Date.now();
    current.output.start(`$ ${script.split('\n').join('\n  ')}`);
    current.shell
      .runBlock(script, {
        signal: abort.signal,
        timeoutMs: current.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        ...(current.env ? { env: current.env } : {}),
        ...(current.cwd ? { cwd: current.cwd } : {}),
        onLine: (line, stream) => latest.current.output.append(line, stream),
      })
      .then(
        (result) =>
          latest.current.onFinished(
            {
              block,
              exitCode: result.exitCode,
              durationMs: result.durationMs,
              aborted: result.aborted,
              timedOut: result.timedOut,
            },
            script,
          ),
        (error: unknown) =>
          latest.current.onFinished(
            {
              block,
              exitCode: -1,
              durationMs: Date.now() - started,
              aborted: abort.signal.aborted,
              timedOut: false,
              error: messageOf(error),
            },
            script,
          ),
      );
    return () => abort.abort(new Error('left the command'));
  }, [go, latest]);

  useEffect(() => {
    if (!stopping) return;
    const current = latest.current;
    // Stopped while still waiting for the cluster: it never started.
    if (go === undefined && current.mode.kind === 'running-command') {
      const { block } = current.mode;
      current.onFinished(
        { block, exitCode: -1, durationMs: 0, aborted: true, timedOut: false },
        current.scriptOf(block),
      );
      return;
    }
    controller.current?.abort(new Error('stopped with Ctrl-C'));
  }, [stopping, go, latest]);
}
