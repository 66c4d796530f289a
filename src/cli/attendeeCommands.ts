/**
 * Which commands an attendee runs with a workshop kubeconfig, and why the others cannot: their
 * account has rights in their own namespaces only.
 */
import { inputError } from '../errors.js';
import { attendeeCommandNames as ATTENDEE_COMMANDS } from './commandNames.js';

const WHY: Record<string, string> = {
  cluster:
    '`labs cluster` makes a kind cluster on this machine; a workshop runs on the instructor’s shared cluster, and your account cannot create or delete clusters',
  prepare:
    '`labs prepare` loads images into every node of the cluster, which needs cluster-wide rights your workshop account does not have; the instructor prepares the cluster',
};

/** Throws an input error naming why `command` is not available with --kubeconfig. */
export function assertAttendeeCommand(command: string): void {
  if (ATTENDEE_COMMANDS.has(command)) return;
  throw inputError(
    WHY[command] ?? `--kubeconfig (a workshop kubeconfig) is not used by \`labs ${command}\``,
    WHY[command]
      ? 'ask the instructor (they can put you back at the start of the lab or of a step: `labs workshop reset`)'
      : `it works with ${[...ATTENDEE_COMMANDS].map((name) => `labs ${name}`).join(', ')}`,
  );
}
