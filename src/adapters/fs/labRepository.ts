/**
 * Reads labs from disk: the built-in set shipped in the package, or an author's folder.
 * Reading is separate from parsing so the parser stays pure.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { shellWord } from '../../core/labVariables.js';
import { inputError } from '../../errors.js';
import type { Lab, Problem } from '../../core/lab.js';
import { type LabFiles, type LabScope, MANIFEST_FILE, solutionPath } from '../../core/labFiles.js';
import { parseLab } from '../../core/parseLab.js';
import { closest } from '../../core/didYouMean.js';
import { packageRoot } from './packageRoot.js';
import { processYamlCache } from './yamlCache.js';

/** A lab folder found on disk, before parsing. */
export interface LabLocation {
  folderName: string;
  dir: string;
  root: string;
}

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

const isDir = (dir: string): boolean => existsSync(dir) && statSync(dir).isDirectory();

function listFiles(dir: string, keep: (name: string) => boolean, prefix = ''): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), keep, rel);
    return keep(entry.name) ? [rel] : [];
  });
}

/** Every file that makes up a lab, as the pure parser expects it. */
export function readLabFiles(location: LabLocation, scope: LabScope = 'all'): LabFiles {
  const { dir, root, folderName } = location;
  const stepTexts: Record<string, string> = {};
  for (const rel of listFiles(dir, (name) => name.endsWith('.md')))
    stepTexts[rel] = readText(path.join(dir, rel)) ?? '';

  const checkerDir = path.join(root, 'checkers', folderName);
  const checkerIds = isDir(checkerDir)
    ? readdirSync(checkerDir)
        .filter((name) => /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('_'))
        .map((name) => name.replace(/\.(ts|js|mjs)$/, ''))
    : [];

  const fixtures: Record<string, string> = {};
  const solutions: Record<string, Record<string, string>> = {};
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const manifestText = readText(manifestFile);
  const assets = path.join(dir, 'assets');
  const files: LabFiles = {
    folderName,
    dir,
    root,
    manifestFile,
    manifestText,
    stepTexts,
    checkerIds,
    solutions,
    fixtures,
    scope,
    ...(isDir(assets) ? { assetsDir: assets } : {}),
  };
  if (scope !== 'all') return files;
  const labFileTexts: Record<string, string> = {};
  for (const rel of listFiles(dir, (name) => !name.endsWith('.md') && name !== MANIFEST_FILE))
    labFileTexts[rel] = readText(path.join(dir, rel)) ?? '';

  for (const rel of listFiles(path.join(checkerDir, 'fixtures'), (name) => /\.ya?ml$/.test(name))) {
    const file = path.join(checkerDir, 'fixtures', rel);
    fixtures[file] = readText(file) ?? '';
  }

  const solutionDir = path.join(root, solutionPath(folderName));
  if (isDir(solutionDir)) {
    for (const step of readdirSync(solutionDir)) {
      const stepDir = path.join(solutionDir, step);
      if (!isDir(stepDir)) continue;
      solutions[step] = Object.fromEntries(
        listFiles(stepDir, () => true).map((rel) => [rel, readText(path.join(stepDir, rel)) ?? '']),
      );
    }
  }

  return { ...files, labFileTexts };
}

/** The content root of the built-in labs. */
export const builtInRoot = (): string => packageRoot();

/** All lab folders under <root>/labs. */
export function findLabs(root: string): LabLocation[] {
  const labsDir = path.join(root, 'labs');
  if (!isDir(labsDir)) return [];
  return readdirSync(labsDir)
    .filter((name) => isDir(path.join(labsDir, name)))
    .sort()
    .map((folderName) => ({ folderName, dir: path.join(labsDir, folderName), root }));
}

/**
 * Resolves what the user typed: a built-in lab id, a lab folder (labs/<id>), or a content root
 * holding labs/. Returns one or more locations.
 */
export function resolveLabArgument(argument: string, cwd = process.cwd(), rememberedDir?: string): LabLocation[] {
  const looksLikePath = argument.includes('/') || argument.includes(path.sep) || argument.startsWith('.');
  const candidate = path.resolve(cwd, argument);
  if (looksLikePath || isDir(candidate)) {
    if (existsSync(path.join(candidate, MANIFEST_FILE)) || path.basename(path.dirname(candidate)) === 'labs') {
      return [{ folderName: path.basename(candidate), dir: candidate, root: path.dirname(path.dirname(candidate)) }];
    }
    const found = findLabs(candidate);
    if (found.length > 0) return found;
    if (looksLikePath) {
      throw inputError(
        `"${argument}" is neither a lab folder (with ${MANIFEST_FILE}) nor a folder holding labs/`,
        'pass a built-in lab id (see `labs list`), a path to labs/<id>, or a folder containing labs/',
      );
    }
  }
  // An id: the lab repository the command runs in, then the folder the lab was last opened from.
  const local = findLabs(cwd).find((location) => location.folderName === argument);
  if (local && existsSync(path.join(local.dir, MANIFEST_FILE))) return [local];
  if (
    rememberedDir &&
    path.basename(rememberedDir) === argument &&
    existsSync(path.join(rememberedDir, MANIFEST_FILE))
  ) {
    return [{ folderName: argument, dir: rememberedDir, root: path.dirname(path.dirname(rememberedDir)) }];
  }
  const builtIn = findLabs(builtInRoot()).find((location) => location.folderName === argument);
  if (!builtIn) {
    const ids = findLabs(builtInRoot()).map((location) => location.folderName);
    const near = closest(argument, ids);
    throw inputError(
      `no lab named "${argument}"`,
      `${near ? `did you mean "${near}"? ` : ''}choose one of: ${ids.join(', ')} (or pass a path to a lab folder)`,
    );
  }
  return [builtIn];
}

export interface LoadedLab {
  location: LabLocation;
  lab: Lab | undefined;
  problems: Problem[];
}

export function loadLabAt(location: LabLocation, scope: LabScope = 'all', cache = processYamlCache()): LoadedLab {
  const { lab, problems } = parseLab(readLabFiles(location, scope), { yamlMemo: cache.memo });
  cache.save();
  return { location, lab, problems };
}

/** The one lab `argument` names; a folder holding several labs is an input error. */
export function singleLabLocation(argument: string, cwd = process.cwd(), rememberedDir?: string): LabLocation {
  const [location, ...rest] = resolveLabArgument(argument, cwd, rememberedDir);
  if (!location || rest.length > 0) throw inputError(`"${argument}" holds several labs`, 'name one lab');
  return location;
}

/**
 * Loads one lab for running: its manifest, steps and checkers (`labs validate` checks the rest).
 * `frontMatter` leaves the steps' bodies unparsed until read, for commands that never show one.
 * Broken content is an input error that names the first problems.
 */
export function loadRunnableLab(
  location: LabLocation,
  cwd = process.cwd(),
  shownAs = location.folderName,
  scope: Exclude<LabScope, 'all'> = 'run',
): Lab {
  const { lab, problems } = loadLabAt(location, scope);
  if (!lab || problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => `  ${formatProblemLocation(p, cwd)}: ${p.message}`);
    throw inputError(
      `lab "${location.folderName}" has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${shown.join('\n')}`,
      `run \`labs validate ${shownAs}\` for every problem and how to fix it`,
    );
  }
  return lab;
}

/**
 * Loads the one lab `argument` names, for running (see loadRunnableLab). `rememberedDir` is the
 * folder the lab of that id was last opened from, so a lab loaded from a path keeps its id.
 */
export function loadLab(
  argument: string,
  cwd = process.cwd(),
  rememberedDir?: string,
  scope: Exclude<LabScope, 'all'> = 'run',
): Lab {
  return loadRunnableLab(singleLabLocation(argument, cwd, rememberedDir), cwd, argument, scope);
}

/**
 * How to name `lab` in a printed command that runs in `cwd`: its id when the id finds this same
 * lab from there, else its folder (relative when inside `cwd`).
 */
export function labReference(lab: Pick<Lab, 'id' | 'dir'>, cwd = process.cwd(), rememberedDir?: string): string {
  try {
    const [found] = resolveLabArgument(lab.id, cwd, rememberedDir);
    if (found && path.resolve(found.dir) === path.resolve(lab.dir)) return lab.id;
  } catch {
    // The id alone does not find it: fall through to its folder.
  }
  const rel = path.relative(cwd, lab.dir);
  // Printed inside commands to copy: a folder with spaces or quotes stays one word.
  return shellWord(
    rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `./${rel.split(path.sep).join('/')}` : lab.dir,
  );
}

/** Labs to act on: the named ones, else ./labs when run inside a lab repository, else the built-in set. */
export function selectLabs(args: readonly string[], cwd: string): LabLocation[] {
  if (args.length > 0) return args.flatMap((arg) => resolveLabArgument(arg, cwd));
  const local = findLabs(cwd);
  return local.length > 0 && path.resolve(cwd) !== builtInRoot() ? local : findLabs(builtInRoot());
}

export function formatProblemLocation(problem: Problem, cwd = process.cwd()): string {
  const rel = path.relative(cwd, problem.file) || problem.file;
  const shown = rel.startsWith('..') ? problem.file : rel;
  return problem.line > 0 ? `${shown}:${problem.line}` : shown;
}
