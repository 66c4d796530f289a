/** The objects of a step's reference solution (its manifests, variables rendered), for --explain. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../core/lab.js';
import { ANSWERS_FILE } from '../../core/labFiles.js';
import type { ReferenceObject } from '../../core/explain/explainStep.js';
import { loadAllYaml } from '../../core/parseYaml.js';
import { parseReferenceAnswers } from '../../core/labTest/referenceAnswers.js';
import { renderLabYaml } from '../../core/labVariables.js';
import { solutionDir } from './solutionFiles.js';

/** The literal reference answers of the step (answers.yaml `value` entries; commands are never run). */
export function literalAnswers(lab: Lab, stepId: string): string[] {
  const file = path.join(solutionDir(lab, stepId), ANSWERS_FILE);
  if (!existsSync(file)) return [];
  try {
    return Object.values(parseReferenceAnswers(readFileSync(file, 'utf8'), file)).flatMap((entry) =>
      'value' in entry ? [entry.value] : [],
    );
  } catch {
    return [];
  }
}

export function referenceObjects(lab: Lab, stepId: string, vars: Readonly<Record<string, string>>): ReferenceObject[] {
  const dir = solutionDir(lab, stepId);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && name !== ANSWERS_FILE && statSync(path.join(dir, name)).isFile())
    .sort();
  return files.flatMap((name) => {
    const file = path.join('solutions', lab.id, stepId, name);
    const parsed = loadAllYaml(renderLabYaml(lab, readFileSync(path.join(dir, name), 'utf8'), vars), file);
    if (!parsed.ok) return [];
    return parsed.value
      .filter((doc): doc is Record<string, unknown> => typeof doc === 'object' && doc !== null && !Array.isArray(doc))
      .map((object) => ({ file, object }));
  });
}
