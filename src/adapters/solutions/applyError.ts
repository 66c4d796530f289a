/** Failures to apply lab content, told apart from an unusable cluster. */
import { environmentError, UserError } from '../../errors.js';
import type { ApplyFailure } from '../../core/labTest/types.js';
import type { RunResult } from '../../core/ports.js';

/**
 * kubectl rejected a manifest or a script failed. For a learner (`labs solve`) the cluster's state
 * did not accept the solution (exit 3, with what to do); for `labs test` the lab is broken.
 */
export class ApplyError extends UserError implements ApplyFailure {
  readonly failedToApply = true as const;
  constructor(
    message: string,
    readonly stderr: string,
    nextStep = 'run `labs reset <lab>` (or `labs jump <lab> <step>`) to rebuild a clean state, then try again',
  ) {
    super('environment', message, nextStep);
  }
}

// kubectl's words for a cluster it cannot reach, as opposed to content it refused.
const UNREACHABLE =
  /Unable to connect to the server|connection refused|no such host|i\/o timeout|TLS handshake timeout|context deadline exceeded|the server is currently unable/i;

/** The last meaningful lines of stderr, enough to say what went wrong in one message. */
export function stderrSummary(stderr: string, lines = 6): string {
  const kept = stderr
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !/^Warning: /.test(line));
  return kept.slice(-lines).join('\n');
}

/**
 * Turns a failed run into the right error: aborted -> AbortError, unreachable cluster ->
 * environment error, timeout or refusal -> ApplyError. Returns the result when it succeeded.
 */
export function checkRun(result: RunResult, what: string): RunResult {
  if (result.aborted) {
    const error = new Error(`${what}: interrupted`);
    error.name = 'AbortError';
    throw error;
  }
  if (result.exitCode === 0 && !result.timedOut) return result;
  const detail = stderrSummary(result.stderr) || stderrSummary(result.stdout) || `exit code ${result.exitCode}`;
  if (UNREACHABLE.test(result.stderr)) {
    throw environmentError(
      `${what}: the cluster cannot be reached:\n${detail}`,
      'check the cluster with `labs doctor` (or start it: `labs cluster up`)',
    );
  }
  if (result.timedOut)
    throw new ApplyError(
      `${what}: timed out after ${Math.round(result.durationMs / 1000)} s\n${detail}`,
      result.stderr,
    );
  throw new ApplyError(`${what} failed:\n${detail}`, result.stderr);
}
