import path from 'node:path';

/**
 * A snapshot of everything a lab consists of on disk, read by the filesystem adapter and handed
 * to the pure parser and validator, so both can be tested on plain objects.
 */
export interface LabFiles {
  /** Folder name under labs/, which must equal the manifest id. */
  folderName: string;
  /** Absolute path of labs/<id>. */
  dir: string;
  /** Absolute path of the content root (holding labs/, checkers/, solutions/). */
  root: string;
  /** Absolute path of lab.yaml. */
  manifestFile: string;
  /** Text of lab.yaml, or undefined when it is missing. */
  manifestText: string | undefined;
  /** Markdown files in the lab folder, by path relative to it (forward slashes). */
  stepTexts: Record<string, string>;
  /** Ids that have a checker file: checkers/<lab>/<id>.ts (or .js). */
  checkerIds: string[];
  /** Solutions by step id: the file names in solutions/<lab>/<step>/ with their text. */
  solutions: Record<string, Record<string, string>>;
  /** Wrong-answer fixtures: checkers/<lab>/fixtures/<check>/<name>.yaml, absolute path to text. */
  fixtures: Record<string, string>;
  /** The lab's assets/ folder (absolute), when it exists. */
  assetsDir?: string;
  /** Files of the lab folder other than markdown, by path relative to it: what setup and fixtures name. */
  labFileTexts?: Record<string, string>;
  /** What is read and checked: see LabScope. */
  scope: LabScope;
}

/**
 * How much of a lab is read and checked. `all` for validation; `run` when only the manifest, the
 * steps and the checkers are needed (the guide): solutions and fixtures are then neither read nor
 * checked; `frontMatter` as `run`, but a step's markdown body is parsed only when first read, and
 * its problems (a code block never closed, an empty runnable block) are not looked for: grading,
 * hints and `labs list` never show a body.
 */
export type LabScope = 'all' | 'run' | 'frontMatter';

export const MANIFEST_FILE = 'lab.yaml';
export const ANSWERS_FILE = 'answers.yaml';
export const SOLVE_SCRIPT = 'solve.sh';

/** A file of a step's reference solution. */
export interface SolutionFile {
  name: string;
  text: string;
}

/** Where reference solutions live, relative to the content root: solutions/<lab>, or solutions/<lab>/<step>. */
export const solutionPath = (labId: string, stepId?: string): string =>
  stepId === undefined ? path.join('solutions', labId) : path.join('solutions', labId, stepId);
