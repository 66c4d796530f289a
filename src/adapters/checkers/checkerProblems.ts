/**
 * What `labs validate` finds by loading every checker a lab's steps name: a file that does not
 * compile or import, a default export of the wrong shape, unknown fields (`runn:`), and a
 * Question where the step expects a Check (or the reverse).
 */
import { readFileSync } from 'node:fs';
import type { Lab, Problem } from '../../core/lab.js';
import { type Checker, isQuestion, unknownCheckerFields } from '../../core/grading/checkerShape.js';
import { closest } from '../../core/didYouMean.js';
import { isUserError } from '../../errors.js';
import { checkerSource, createCheckerLoader, type CheckerLoaderOptions } from './loadChecker.js';

/** The 1-based line of the first line of `file` matching `pattern`, else 1. */
function lineOf(file: string | undefined, pattern: RegExp): number {
  if (!file) return 0;
  try {
    const index = readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => pattern.test(line));
    return index + 1 || 1;
  } catch {
    return 0;
  }
}

export async function checkerProblems(lab: Lab, options: CheckerLoaderOptions = {}): Promise<Problem[]> {
  const load = createCheckerLoader(options);
  const problems: Problem[] = [];
  const wanted = new Map<string, 'check' | 'question'>();
  for (const step of lab.steps) {
    for (const id of step.checks) wanted.set(id, 'check');
    for (const question of step.questions) wanted.set(question.id, 'question');
  }
  for (const [id, kind] of wanted) {
    const file = checkerSource(lab, id);
    // A missing checker is already a problem of the step that names it.
    if (!file) continue;
    let checker: Checker;
    try {
      checker = await load(lab, id);
    } catch (error) {
      if (!isUserError(error)) throw error;
      // "checker <path>: <shape problem>" or "checker <path> does not compile: ...": the file is shown apart.
      const message = error.message.replace(/^checker \S+?(:?) /, (_whole, colon: string) =>
        colon ? 'the checker: ' : 'the checker ',
      );
      const at = /:(\d+):\d+: /.exec(message);
      problems.push({
        file,
        line: at ? Number(at[1]) : 1,
        message: `${message.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ')}`,
        fix: error.nextStep ?? 'fix the file so it loads',
      });
      continue;
    }
    const actual = isQuestion(checker) ? 'question' : 'check';
    if (actual !== kind) {
      problems.push({
        file,
        line: lineOf(file, /export default/),
        message:
          kind === 'check'
            ? `"${id}" is listed under checks, but its file exports a Question (expected())`
            : `"${id}" is a question, but its file exports a Check (run())`,
        fix:
          kind === 'check'
            ? `list "${id}" under questions in the step, or export a Check with run(ctx)`
            : `list "${id}" under checks in the step, or export a Question with expected(ctx)`,
      });
    }
    for (const { field, known } of unknownCheckerFields(checker)) {
      const near = closest(field, known);
      problems.push({
        file,
        line: lineOf(file, new RegExp(`^\\s*(async\\s+)?['"]?${field}['"]?\\s*[:(]`)),
        message: `unknown field "${field}" in the ${actual === 'check' ? 'Check' : 'Question'}`,
        fix: `${near ? `did you mean "${near}"? ` : ''}a ${actual === 'check' ? 'Check' : 'Question'} has: ${known.join(', ')}`,
      });
    }
  }
  return problems;
}
