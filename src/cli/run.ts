/** What every command bundle runs (see src/cli.ts): signals wired to an abort, then `main`. */
import os from 'node:os';
import { main } from './main.js';

const controller = new AbortController();
/** How long work may take to stop after SIGTERM or SIGHUP before the process leaves anyway. */
const STOP_GRACE_MS = 3000;
let stopRequests = 0;

/**
 * Aborts the running work, which terminates every child process group. Unless someone is at the
 * keyboard to press Ctrl-C again, the process leaves with exitCode once the grace is over.
 */
function stop(reason: string, exitCode: number, atKeyboard = false): void {
  controller.abort(new Error(reason));
  if (!atKeyboard) setTimeout(() => process.exit(exitCode), STOP_GRACE_MS).unref();
}

// SIGINT (Ctrl-C), SIGTERM (`kill`) and SIGHUP (the terminal closed) all stop the running work. A
// second signal leaves at once; leaving always runs the process runner's exit hook, which sends
// SIGKILL to every child group still there. Without these handlers Node would die on the spot and
// leave the (detached) child groups running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  const exitCode = 128 + os.constants.signals[signal];
  process.on(signal, () => {
    stopRequests += 1;
    if (stopRequests > 1) process.exit(exitCode);
    stop(signal === 'SIGINT' ? 'interrupted' : `received ${signal}`, exitCode, signal === 'SIGINT');
  });
}

// `labs list | head`: once the reader of stdout has gone, a write fails with EPIPE, which Node
// throws as an unhandled 'error' event with a stack trace. Stop instead, as a Unix tool that gets
// SIGPIPE does (exit 141): running work is aborted and cleans up, as after a `kill`.
const PIPE_CLOSED = 128 + os.constants.signals.SIGPIPE;
let pipeClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exitCode = PIPE_CLOSED;
  if (pipeClosed) return;
  pipeClosed = true;
  stop('stdout closed', PIPE_CLOSED);
});

const code = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
});
process.exitCode = pipeClosed ? PIPE_CLOSED : code;
