/**
 * The names of the commands, and nothing else: `dist/cli.js` reads them to pick the one bundle a
 * command runs from (`dist/cmd/<name>.js`) without loading the command table. The table in
 * `commands.ts` lists the same names (a unit test keeps the two equal). The build reads this file too.
 */
export const commandNames = [
  'start',
  'list',
  'check',
  'answer',
  'hint',
  'solve',
  'jump',
  'reset',
  'cluster',
  'doctor',
  'prepare',
  'validate',
  'test',
  'new',
  'workshop',
] as const;

/**
 * The commands an attendee runs with a workshop kubeconfig (`--kubeconfig`); the others refuse it
 * before they do anything. reset, jump and test empty the attendee's namespaces instead of deleting
 * them (see resetLab).
 */
export const attendeeCommandNames: ReadonlySet<string> = new Set([
  'start',
  'check',
  'hint',
  'answer',
  'solve',
  'reset',
  'jump',
  'test',
]);

/** The bundle that runs `labs <first argument>`: a command's own, or `main` for help, --version and typos. */
export function bundleFor(first: string | undefined): string {
  return first !== undefined && (commandNames as readonly string[]).includes(first) ? first : 'main';
}
