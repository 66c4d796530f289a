/** solutions/<lab>/<step>/answers.yaml: the reference answer of each question of a step. */
import * as v from 'valibot';
import { inputError } from '../../errors.js';
import { loadYaml } from '../parseYaml.js';

export const referenceAnswerSchema = v.union([
  v.strictObject({
    command: v.pipe(
      v.string(),
      v.minLength(1),
      v.description('A command (run with bash, the lab context forced) that prints the answer.'),
    ),
  }),
  v.strictObject({ value: v.pipe(v.union([v.string(), v.number()]), v.description('The answer itself.')) }),
]);

export type ReferenceAnswer = { command: string } | { value: string };

/** Parses answers.yaml; content that does not parse is an input error naming the file. */
export function parseReferenceAnswers(text: string, file: string): Record<string, ReferenceAnswer> {
  const loaded = loadYaml(text, file);
  if (!loaded.ok)
    throw inputError(`${file}: ${loaded.problems[0]?.message ?? 'cannot be read'}`, 'run `labs validate` on the lab');
  const parsed = v.safeParse(v.record(v.string(), referenceAnswerSchema), loaded.value ?? {});
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw inputError(
      `${file}: ${issue.path?.map((item) => String(item.key)).join('.') ?? ''} must be { command: "..." } or { value: "..." }`,
      'give each question id either a command that prints the answer or a literal value',
    );
  }
  return Object.fromEntries(
    Object.entries(parsed.output).map(([id, entry]) => [
      id,
      'command' in entry ? { command: entry.command } : { value: String(entry.value) },
    ]),
  );
}
