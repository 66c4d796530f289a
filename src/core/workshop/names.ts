/**
 * Names in a workshop: who the attendees are, which namespaces each gets, and the labels every
 * object carries so `labs workshop delete` finds exactly what `create` made.
 */
import { inputError } from '../../errors.js';

export const WORKSHOP_LABEL = 'k8s-labs.dev/workshop';
export const ATTENDEE_LABEL = 'k8s-labs.dev/attendee';
/** On the ledger ConfigMap: the lab the workshop takes, for the roster. */
export const LAB_ANNOTATION = 'k8s-labs.dev/lab';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'k8s-labs' } as const;
/** The ConfigMap in the attendee's home namespace that mirrors their progress ledger. */
export const LEDGER_CONFIGMAP = 'k8s-labs-progress';
/** Name of the attendee's ServiceAccount (in their home namespace). */
export const ATTENDEE_ACCOUNT = 'attendee';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Refuses a workshop name that cannot prefix namespaces and labels. */
export function checkWorkshopName(name: string): void {
  if (!DNS_LABEL.test(name) || name.length > 20)
    throw inputError(
      `"${name}" is not a usable workshop name`,
      'use up to 20 lower-case letters, digits and dashes, e.g. kcd-2026',
    );
}

/**
 * Attendees from `--attendees`: a count gives attendee-01..n, else the text of a file with one
 * name per line (blank lines and # comments ignored). `source` names the file in errors.
 */
export function parseAttendees(value: string, fileText: string | undefined, source: string): string[] {
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count < 1 || count > 1000) throw inputError(`--attendees ${value}: give 1 to 1000`, 'e.g. --attendees 30');
    const width = Math.max(2, String(count).length);
    return Array.from({ length: count }, (_, index) => `attendee-${String(index + 1).padStart(width, '0')}`);
  }
  if (fileText === undefined)
    throw inputError(`--attendees ${value}: neither a number nor a readable file`, 'pass a count or a file of names');
  const names: string[] = [];
  fileText.split('\n').forEach((raw, index) => {
    const name = raw.replace(/#.*/, '').trim().toLowerCase();
    if (!name) return;
    if (!DNS_LABEL.test(name) || name.length > 20)
      throw inputError(
        `${source}:${index + 1}: "${raw.trim()}" is not a usable attendee name`,
        'use up to 20 lower-case letters, digits and dashes per line',
      );
    if (names.includes(name)) throw inputError(`${source}:${index + 1}: "${name}" is listed twice`, 'list each once');
    names.push(name);
  });
  if (names.length === 0) throw inputError(`${source} names no attendee`, 'write one name per line');
  return names;
}

/** The value of the lab's `namespace` variable for one attendee. */
export const attendeeNamespace = (workshop: string, attendee: string): string => `${workshop}-${attendee}`;
/** The attendee's home namespace: their ServiceAccount and ledger, which no lab step deletes. */
export const homeNamespace = (workshop: string, attendee: string): string => `${workshop}-${attendee}-home`;

export const workshopLabels = (workshop: string, attendee?: string): Record<string, string> => ({
  ...MANAGED_BY,
  [WORKSHOP_LABEL]: workshop,
  ...(attendee ? { [ATTENDEE_LABEL]: attendee } : {}),
});

export const isDnsLabel = (name: string): boolean => DNS_LABEL.test(name) && name.length <= 63;
