/**
 * What `labs validate` finds by loading every checker a lab's steps name: a file that does not
 * compile or import, a default export of the wrong shape, unknown fields (`runn:`), and a
 * Question where the step expects a Check (or the reverse).
 */
import { readFileSync } from 'node:fs';
import { checkFileOf, type Lab, type Problem } from '../../core/lab.js';
import { type Checker, isQuestion, unknownCheckerFields } from '../../core/grading/checkerShape.js';
import { closest } from '../../core/didYouMean.js';
import { isUserError } from '../../errors.js';
import { labVariables } from '../../core/labVariables.js';
import { splitFrontMatter } from '../../core/markdown.js';
import { lineOfPath } from '../../core/yamlLines.js';
import { resolveParams } from '../../core/grading/checkParams.js';
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
    for (const id of step.checks) wanted.set(checkFileOf(step, id), 'check');
    for (const question of step.questions) wanted.set(question.id, 'question');
  }
  const loaded = new Map<string, Checker>();
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
    loaded.set(id, checker);
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
  problems.push(...argumentProblems(lab, loaded));
  return problems;
}

/** Arguments the steps give their checks (`with:`) against the params each check declares. */
function argumentProblems(lab: Lab, loaded: ReadonlyMap<string, Checker>): Problem[] {
  const problems: Problem[] = [];
  const vars = labVariables(lab);
  for (const step of lab.steps) {
    let source: { text: string; line: number } | undefined;
    const lineOf = (index: number, arg: string | undefined): number => {
      if (!source) {
        const split = splitFrontMatter(readFileSync(step.file, 'utf8'));
        source = { text: split.frontMatter ?? '', line: split.frontMatterLine };
      }
      const at = arg === undefined ? ['checks', index] : ['checks', index, 'with', arg];
      return lineOfPath(source.text, at, source.line);
    };
    step.checks.forEach((id, index) => {
      const checker = loaded.get(checkFileOf(step, id));
      if (!checker || isQuestion(checker)) return;
      const { problems: found } = resolveParams(checker.params, step.checkUses?.[id]?.with ?? {}, vars);
      for (const problem of found) {
        problems.push({
          file: step.file,
          line: lineOf(index, problem.arg),
          message: `check "${id}": ${problem.message}`,
          fix: problem.fix,
        });
      }
    });
  }
  return problems;
}
