/**
 * A command printed for the learner to run next, as they can run it as-is: an attendee's commands
 * need their workshop kubeconfig (`--kubeconfig FILE`), so it goes on every suggestion.
 */
import { shellWord } from '../core/labVariables.js';

/** `command`, with ` --kubeconfig FILE` when the learner runs with a workshop kubeconfig. */
export function followUp(command: string, kubeconfig: string | undefined): string {
  return kubeconfig ? `${command} --kubeconfig ${shellWord(kubeconfig)}` : command;
}
