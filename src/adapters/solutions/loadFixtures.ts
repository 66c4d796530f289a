/** Reads a lab's wrong-answer fixtures: checkers/<lab>/fixtures/<check>/<name>.yaml. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../core/lab.js';
import { parseFixture } from '../../core/labTest/parseFixture.js';
import type { LoadedFixture } from '../../core/labTest/types.js';
import { labVariables, renderLabYaml } from '../../core/labVariables.js';

/** The fixtures with `vars` rendered in, each whole unquoted `{{name}}` as its variable's type. */
export function loadFixtures(lab: Lab, vars: Readonly<Record<string, string>> = labVariables(lab)): LoadedFixture[] {
  // Number and port values go in now, as their type; string variables stay {{templates}} (quoted
  // where they are a whole value), rendered when the fixture is applied, with the run's values.
  const typed = Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [
      name,
      (lab.manifest.variables[name]?.type ?? 'string') === 'string' ? `{{${name}}}` : value,
    ]),
  );
  const render = (text: string): string => renderLabYaml(lab, text, typed);
  const root = path.join(lab.root, 'checkers', lab.id, 'fixtures');
  const found: LoadedFixture[] = [];
  const walk = (dir: string, prefix: string): void => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(file).isDirectory()) walk(file, rel);
      else if (/\.ya?ml$/.test(name))
        found.push(parseFixture(readFileSync(file, 'utf8'), file, rel.replace(/\.ya?ml$/, ''), render));
    }
  };
  walk(root, '');
  return found;
}
