/** The lab session a command works on, opened from its arguments and global options. */
import { openLabSession } from '../app/openLabSession.js';
import type { LabSession } from '../app/labSession.js';
import type { CommandContext } from './command.js';

/** Opens the session of `lab` (an id or path; undefined for the lab worked on last); warnings go to stderr. */
export function openSession(
  { options, out, env, cwd }: Pick<CommandContext<unknown>, 'options' | 'out' | 'env' | 'cwd'>,
  lab: string | undefined,
): LabSession {
  return openLabSession({
    lab,
    varFlags: options.var,
    context: options.context,
    kubeconfig: options.kubeconfig,
    env,
    cwd,
    warn: (message) => out.note(`warning: ${message}`),
  });
}
