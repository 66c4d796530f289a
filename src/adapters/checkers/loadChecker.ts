/**
 * Loads checker files. Built-in labs use the JavaScript compiled into dist/checkers by the build;
 * an author's lab (or a source checkout without a build) is bundled from TypeScript with esbuild
 * into a cache under the state directory, so authors need no build step.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inputError } from '../../errors.js';
import type { Lab } from '../../core/lab.js';
import { type Checker, checkerExportProblem } from '../../core/grading/checkerShape.js';
import { packageRoot } from '../fs/packageRoot.js';
import { stateDir } from '../fs/stateDir.js';
import { bundleChecker } from './bundleChecker.js';

export interface CheckerLoaderOptions {
  /** Where bundled checkers are cached. Default: <state dir>/checker-cache. */
  cacheDir?: string;
  /** Root of the installed package, whose labs use compiled checkers. */
  packageRoot?: string;
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** Returns a loader for `createGrader`; modules are loaded once per process. */
export function createCheckerLoader(options: CheckerLoaderOptions = {}): (lab: Lab, id: string) => Promise<Checker> {
  const loaded = new Map<string, Promise<Checker>>();
  return (lab, id) => {
    const cacheKey = `${lab.root}\0${lab.id}\0${id}`;
    let promise = loaded.get(cacheKey);
    if (!promise) {
      promise = load(lab, id, options);
      loaded.set(cacheKey, promise);
      // A failed load is not remembered, so an author can fix the file and retry in watch mode.
      promise.catch(() => loaded.delete(cacheKey));
    }
    return promise;
  };
}

/** The checker source file for an id, if one exists. */
export function checkerSource(lab: Lab, id: string): string | undefined {
  const base = path.join(lab.root, 'checkers', lab.id, id);
  return SOURCE_EXTENSIONS.map((extension) => `${base}${extension}`).find((file) => existsSync(file));
}

async function load(lab: Lab, id: string, options: CheckerLoaderOptions): Promise<Checker> {
  const root = options.packageRoot ?? packageRoot();
  const source = checkerSource(lab, id);
  const compiled = path.join(root, 'dist', 'checkers', lab.id, `${id}.js`);
  const useCompiled =
    path.resolve(lab.root) === path.resolve(root) && existsSync(compiled) && !isNewer(source, compiled);
  const display = source ? path.relative(process.cwd(), source) || source : `checkers/${lab.id}/${id}.ts`;
  if (!useCompiled && !source) {
    throw inputError(`no checker for "${id}": ${display} does not exist`, `create it, or remove "${id}" from the step`);
  }
  let file: string;
  if (useCompiled) file = compiled;
  else if (source!.endsWith('.mjs')) file = source!;
  else file = await bundleChecker(source!, options.cacheDir ?? path.join(stateDir(), 'checker-cache'));

  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw inputError(
      `checker ${display} fails to load: ${(error as Error).message}`,
      'fix the error, then run the check again',
      error,
    );
  }
  const problem = checkerExportProblem(module.default);
  if (problem)
    throw inputError(
      `checker ${display}: ${problem}`,
      'see docs/checker-sdk.md for the shape of a Check and a Question',
    );
  return module.default as Checker;
}

/** True when the source was edited after the compiled file was built (a stale dist/ in a checkout). */
function isNewer(source: string | undefined, compiled: string): boolean {
  if (!source) return false;
  try {
    return statSync(source).mtimeMs > statSync(compiled).mtimeMs;
  } catch {
    return false;
  }
}
