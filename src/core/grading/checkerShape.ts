/** Telling what a checker file's default export is, with a precise complaint when it is neither. */
import type { Check, Question } from '../../sdk/index.js';
import { paramSpecsProblem } from './checkParams.js';

export type Checker = Check | Question;

export const isQuestion = (checker: Checker): checker is Question =>
  'expected' in checker && typeof checker.expected === 'function';
export const isCheck = (checker: Checker): checker is Check => 'run' in checker && typeof checker.run === 'function';

const NEEDS = new Set(['api', 'data-plane']);

/** Returns what is wrong with a default export, or undefined when it is a valid Check or Question. */
export function checkerExportProblem(value: unknown): string | undefined {
  if (value === undefined) return 'it has no default export (write `export default { ... } satisfies Check`)';
  if (typeof value !== 'object' || value === null)
    return `its default export is a ${value === null ? 'null' : typeof value}, not a Check or Question object`;
  const record = value as Record<string, unknown>;
  const hasRun = typeof record['run'] === 'function';
  const hasExpected = typeof record['expected'] === 'function';
  if (hasRun && hasExpected)
    return 'its default export has both run() and expected(); a Check has run(), a Question has expected()';
  if (!hasRun && !hasExpected)
    return 'its default export has neither run(ctx) (a Check) nor expected(ctx) (a Question)';
  if (hasRun && (typeof record['title'] !== 'string' || record['title'].trim() === '')) return 'the Check has no title';
  if (record['needs'] !== undefined) {
    if (!Array.isArray(record['needs']) || record['needs'].some((need) => !NEEDS.has(need as string))) {
      return "needs must be a list of 'api' and 'data-plane'";
    }
  }
  const timeout = record['timeoutMs'];
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    return 'timeoutMs must be a positive number of milliseconds';
  }
  return paramSpecsProblem(record['params']);
}

const CHECK_FIELDS = ['title', 'needs', 'timeoutMs', 'precondition', 'params', 'run'];
const QUESTION_FIELDS = ['title', 'needs', 'timeoutMs', 'params', 'expected'];

/**
 * Fields of a valid default export that neither a Check nor a Question has (`runn:` for `run:`),
 * each with the closest known name. Loading ignores them; `labs validate` reports them.
 */
export function unknownCheckerFields(checker: Checker): { field: string; known: string[] }[] {
  const known = isQuestion(checker) ? QUESTION_FIELDS : CHECK_FIELDS;
  return Object.keys(checker)
    .filter((field) => !known.includes(field))
    .map((field) => ({ field, known }));
}
