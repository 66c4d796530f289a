/**
 * Asking the person at the terminal before changing their cluster. Without a terminal there is
 * nobody to ask: the command refuses unless --yes was given.
 */
import { createInterface } from 'node:readline';
import { inputError } from '../errors.js';
import type { Output } from './output.js';

export interface ConfirmOptions {
  /** --yes: do not ask. */
  yes: boolean;
  /** stdin and stdout are terminals. */
  interactive: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/**
 * Resolves true when the action may go ahead, false when the person answered no or `signal` was
 * aborted (Ctrl-C at the prompt). Throws an input error (exit 2) when there is no terminal and no --yes.
 */
export async function confirm(question: string, options: ConfirmOptions): Promise<boolean> {
  if (options.yes) return true;
  assertCanConfirm(options, question);
  const { signal } = options;
  if (signal?.aborted) return false;
  const output = options.output ?? process.stderr;
  const readline = createInterface({ input: options.input ?? process.stdin, output, terminal: false });
  let onAbort = (): void => undefined;
  try {
    const answer = await new Promise<string>((resolve) => {
      // readline drops the question on abort without calling back: answer "no" ourselves (Ctrl-C).
      onAbort = () => {
        output.write('\n');
        resolve('');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      readline.question(`${question} [y/N] `, resolve);
      readline.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    signal?.removeEventListener('abort', onAbort);
    readline.close();
  }
}

/** Refuses early, before anything is opened, when nobody can be asked and --yes is missing. */
export function assertCanConfirm(options: Pick<ConfirmOptions, 'yes' | 'interactive'>, action: string): void {
  if (options.yes || options.interactive) return;
  throw inputError(
    `not changing the cluster without a confirmation: ${action.replace(/\?$/, '')}`,
    'pass --yes to go ahead without being asked',
  );
}

/**
 * Asks before a command changes the cluster; when the answer is no, says so on stderr. `cancelled`
 * replaces the words "Nothing was changed." Resolves true when the command may go ahead.
 */
export async function confirmChange(
  out: Output,
  question: string,
  options: ConfirmOptions & { cancelled?: string },
): Promise<boolean> {
  const { cancelled = 'Nothing was changed.', ...asking } = options;
  if (await confirm(question, asking)) return true;
  out.note(cancelled);
  return false;
}
