/** solutions/<lab>/<step>/answers.yaml: the reference answer of each question of a step. */
import { z } from 'zod';
import { inputError } from '../../errors.js';
import { loadYaml } from '../parseYaml.js';

export const referenceAnswerSchema = z.union([
  z.strictObject({ command: z.string().min(1).describe('A command (run with bash, the lab context forced) that prints the answer.') }),
  z.strictObject({ value: z.union([z.string(), z.number()]).describe('The answer itself.') }),
]);

export type ReferenceAnswer = { command: string } | { value: string };

/** Parses answers.yaml; content that does not parse is an input error naming the file. */
export function parseReferenceAnswers(text: string, file: string): Record<string, ReferenceAnswer> {
  const loaded = loadYaml(text, file);
  if (!loaded.ok) throw inputError(`${file}: ${loaded.problems[0]?.message ?? 'cannot be read'}`, 'run `labs validate` on the lab');
  const parsed = z.record(z.string(), referenceAnswerSchema).safeParse(loaded.value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw inputError(
      `${file}: ${issue?.path.join('.') ?? ''} must be { command: "..." } or { value: "..." }`,
      'give each question id either a command that prints the answer or a literal value',
    );
  }
  return Object.fromEntries(
    Object.entries(parsed.data).map(([id, entry]) => [id, 'command' in entry ? { command: entry.command } : { value: String(entry.value) }]),
  );
}
