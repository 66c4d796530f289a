/**
 * The one module that spawns processes. Every child runs in its own process group (POSIX), so
 * aborting, timing out or quitting kills the whole tree: a `while true; do curl ...; done` block
 * leaves no orphan holding the terminal or a pipe.
 */
import os from 'node:os';
import type { RunOptions, RunResult } from '../../core/ports.js';

/** RunOptions, plus what only adapters need. */
export interface ProcessOptions extends RunOptions {
  /** Variables removed from the inherited environment (and from `env`). */
  unsetEnv?: readonly string[];
}

/** Spawns `file args` and resolves with its outcome; never rejects for a non-zero exit. */
export type ProcessRunner = (file: string, args: readonly string[], options?: ProcessOptions) => Promise<RunResult>;

/** The executable is not installed (not on PATH). */
export class CommandNotFoundError extends Error {
  override readonly name = 'CommandNotFoundError';
  constructor(readonly command: string) {
    super(`${command}: command not found`);
  }
}

export const isCommandNotFound = (error: unknown): error is CommandNotFoundError =>
  error instanceof CommandNotFoundError;

/** Grace period between SIGTERM and SIGKILL. */
const FORCE_KILL_AFTER_MS = 2000;
const posix = process.platform !== 'win32';

// Process groups that may still hold processes: running, or terminated but not yet sent SIGKILL.
// All of them get SIGKILL when this process exits (e.g. on a second Ctrl-C), because a detached
// group receives neither the terminal's SIGINT nor anything else when this process ends.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(posix ? -pid : pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

/** Splits a byte stream into lines, treating \r (progress redraws) as a line end too. */
export function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let rest = '';
  return {
    push(chunk) {
      const parts = (rest + chunk).split(/\r\n|\n|\r/);
      rest = parts.pop() ?? '';
      for (const part of parts) emit(part);
    },
    flush() {
      if (rest) emit(rest);
      rest = '';
    },
  };
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('aborted', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}

/**
 * Runs a command. `signal` and `timeoutMs` terminate the whole process group (SIGTERM, then
 * SIGKILL after 2 s); the result then says `aborted` or `timedOut`. Rejects only when the
 * command does not exist (CommandNotFoundError) or `signal` was aborted before the start.
 */
export const runProcess: ProcessRunner = async (file, args, options = {}) => {
  const { signal, timeoutMs, cwd, input, onLine } = options;
  const env = withoutVariables(options.env, options.unsetEnv);
  if (signal?.aborted) throw abortError(signal);
  installExitHook();
  // Loaded on first use: commands that only read the API (labs check) never pay for it.
  const { execa } = await import('execa');
  if (signal?.aborted) throw abortError(signal);
  const started = performance.now();
  const stop = new AbortController();
  let timedOut = false;
  let aborted = false;

  const subprocess = execa(file, [...args], {
    reject: false,
    env,
    extendEnv: true,
    cwd,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    detached: posix,
    cleanup: true,
    cancelSignal: stop.signal,
    forceKillAfterDelay: FORCE_KILL_AFTER_MS,
    maxBuffer: 64 * 1024 * 1024,
    windowsHide: true,
  });
  const pid = subprocess.pid;
  if (pid !== undefined) liveGroups.add(pid);

  const terminate = (): void => {
    if (stop.signal.aborted) return;
    stop.abort();
    if (pid === undefined || !posix) return;
    killGroup(pid, 'SIGTERM');
    // Children that ignore SIGTERM (and outlive the shell) get SIGKILL after the grace period. The
    // group stays in liveGroups until then: the timer is unref'd so it cannot keep this process
    // alive, and if this process exits first, the exit hook sends the SIGKILL instead.
    setTimeout(() => {
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }, FORCE_KILL_AFTER_MS).unref();
  };
  const onAbort = (): void => {
    aborted = true;
    terminate();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          terminate();
        }, timeoutMs);

  if (onLine) {
    const out = lineSplitter((line) => onLine(line, 'stdout'));
    const err = lineSplitter((line) => onLine(line, 'stderr'));
    subprocess.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
    subprocess.stderr?.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
    subprocess.stdout?.on('end', () => out.flush());
    subprocess.stderr?.on('end', () => err.flush());
  }

  try {
    const result = await subprocess;
    if (result.failed && 'code' in result && result.code === 'ENOENT' && result.exitCode === undefined) {
      throw new CommandNotFoundError(file);
    }
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    return {
      exitCode: result.exitCode ?? (timedOut ? 124 : 128 + signalNumber(result.signal)),
      stdout,
      stderr,
      timedOut,
      aborted,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // Grandchildren that outlived their parent (e.g. `sleep &`) still belong to the group. After an
    // abort or a timeout the pending SIGKILL (or the exit hook) deals with them.
    if (pid !== undefined && !(posix && stop.signal.aborted)) {
      if (posix) killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }
  }
};

function withoutVariables(
  env: Record<string, string> | undefined,
  unset: readonly string[] | undefined,
): Record<string, string | undefined> | undefined {
  if (!unset?.length) return env;
  // An undefined value removes the inherited variable (execa merges env over process.env).
  return { ...env, ...Object.fromEntries(unset.map((name) => [name, undefined])) };
}

function signalNumber(signal: string | undefined): number {
  return (signal ? os.constants.signals[signal as NodeJS.Signals] : undefined) ?? 1;
}
