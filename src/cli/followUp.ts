/**
 * A command printed for the learner to run next, as they can run it as-is: an attendee's commands
 * need their workshop kubeconfig (`--kubeconfig FILE`), so it goes on every suggestion.
 */
const plain = /^[\w@%+=:,./-]+$/;

/** The path as a shell word: unchanged when it is one already, else single-quoted. */
export const shellWord = (value: string): string => (plain.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** `command`, with ` --kubeconfig FILE` when the learner runs with a workshop kubeconfig. */
export function followUp(command: string, kubeconfig: string | undefined): string {
  return kubeconfig ? `${command} --kubeconfig ${shellWord(kubeconfig)}` : command;
}
