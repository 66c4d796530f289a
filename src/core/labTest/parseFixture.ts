/** Wrong-answer fixture files, parsed with the fixture schema. */
import { inputError } from '../../errors.js';
import { checkSchema, loadYaml } from '../parseYaml.js';
import { fixtureSchema } from '../schema.js';
import type { LoadedFixture } from './types.js';

/**
 * Parses one fixture. `relativeName` is its path under checkers/<lab>/fixtures without the
 * extension, e.g. "service-endpoints/selector-typo". `render` renders the lab's variables into the
 * text before it is parsed, so each whole value takes its variable's type.
 */
export function parseFixture(
  text: string,
  file: string,
  relativeName: string,
  render: (text: string) => string = (same) => same,
): LoadedFixture {
  const loaded = loadYaml(render(text), file);
  const checked = loaded.ok ? checkSchema(fixtureSchema, loaded.value, render(text), file) : loaded;
  if (!checked.ok) {
    const problem = checked.problems[0];
    throw inputError(
      `${file}:${problem?.line ?? 0}: ${problem?.message ?? 'invalid fixture'}`,
      problem?.fix ?? 'run `labs validate` on the lab',
    );
  }
  return { name: relativeName, file, fixture: checked.value };
}
