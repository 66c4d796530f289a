/** A step's reference solution on disk: the files of solutions/<lab>/<step>/, in name order. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../core/lab.js';
import { type SolutionFile, solutionPath } from '../../core/labFiles.js';

/** The absolute folder of a step's reference solution. */
export const solutionDir = (lab: Lab, stepId: string): string => path.join(lab.root, solutionPath(lab.id, stepId));

/** The files of a step's reference solution, by name; undefined when the step has no solution folder. */
export function readSolutionFiles(lab: Lab, stepId: string): SolutionFile[] | undefined {
  const dir = solutionDir(lab, stepId);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}
