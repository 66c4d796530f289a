/**
 * Typed errors and the one table that turns outcomes into exit codes.
 *
 * A `UserError` is something the learner or author can fix: it carries the next step and is
 * printed without a stack trace. Anything else that escapes is a bug and is reported as such.
 */

/** Exit codes, decided here and nowhere else. */
export const ExitCode = {
  /** Success, or every check passed. */
  ok: 0,
  /** Ran fine, but something has not passed yet. */
  notPassed: 1,
  /** Bad arguments or broken lab content. */
  badInput: 2,
  /** The environment is not usable: cluster unreachable, a tool missing, a checker crashed. */
  environment: 3,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What went wrong, from the user's point of view. */
export type UserErrorKind = 'input' | 'environment';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly kind: UserErrorKind,
    message: string,
    /** What to do next, shown under the message. */
    readonly nextStep?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad arguments or content: exit 2. */
export const inputError = (message: string, nextStep?: string, cause?: unknown): UserError =>
  new UserError('input', message, nextStep, { cause });

/** Cluster, tool or machine problem: exit 3. */
export const environmentError = (message: string, nextStep?: string, cause?: unknown): UserError =>
  new UserError('environment', message, nextStep, { cause });

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** An error's message, or the thrown value as text. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function exitCodeForError(error: unknown): ExitCode {
  if (isUserError(error)) return error.kind === 'input' ? ExitCode.badInput : ExitCode.environment;
  if (error instanceof Error && error.name === 'AbortError') return ExitCode.interrupted;
  return ExitCode.environment;
}

/** The text shown for an error: message and next step for user errors, a bug report otherwise. */
export function describeError(error: unknown, debug: boolean): string {
  if (isUserError(error)) {
    const lines = [`error: ${error.message}`];
    if (error.nextStep) lines.push(`next: ${error.nextStep}`);
    if (debug && error.cause instanceof Error && error.cause.stack) lines.push(error.cause.stack);
    return lines.join('\n');
  }
  const text = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  return [
    `error: unexpected failure: ${text}`,
    'next: this is a bug in k8s-labs; run again with --debug and report the output.',
  ].join('\n');
}
