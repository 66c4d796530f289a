/**
 * Bundles one TypeScript checker (with the `_helpers.ts` it imports) into a cached ES module.
 * The cache entry records every input file with its content hash, so editing a checker or a
 * helper rebuilds it, and an unchanged checker costs a few file reads instead of a compile.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Esbuild from 'esbuild';
import type { Plugin } from 'esbuild';
import { inputError } from '../../errors.js';
import { writeFileAtomic } from '../fs/atomicFile.js';
import { packageRoot } from '../fs/packageRoot.js';

interface CacheEntry {
  /** Absolute input path -> sha256 of its content. */
  inputs: Record<string, string>;
  output: string;
}

/**
 * `k8s-labs/sdk` is this package's SDK, wherever an author's folder is (no node_modules needed):
 * its helpers are bundled into the checker, its types vanish. Other `k8s-labs/*` paths have types only.
 */
const SDK_NAMESPACE = 'k8s-labs-types';
const sdkOfThisPackage: Plugin = {
  name: 'k8s-labs-sdk',
  setup(build) {
    build.onResolve({ filter: /^k8s-labs\/sdk$/ }, () => ({ path: sdkModule() }));
    build.onResolve({ filter: /^k8s-labs(\/.*)?$/ }, (args) => ({ path: args.path, namespace: SDK_NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: SDK_NAMESPACE }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** The SDK's source in a checkout, else the module the build made of it (the published package has no src/). */
function sdkModule(): string {
  const source = path.join(packageRoot(), 'src', 'sdk', 'index.ts');
  return existsSync(source) ? source : path.join(packageRoot(), 'dist', 'sdk', 'index.js');
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

function readEntry(file: string): CacheEntry | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
}

function isFresh(entry: CacheEntry, cacheDir: string): boolean {
  if (!existsSync(path.join(cacheDir, entry.output))) return false;
  return Object.entries(entry.inputs).every(([input, hash]) => {
    try {
      return sha256(readFileSync(input)) === hash;
    } catch {
      return false;
    }
  });
}

/** Returns the path of an ES module equivalent to `source`, compiling it only when it changed. */
export async function bundleChecker(source: string, cacheDir: string): Promise<string> {
  const id = sha256(path.resolve(source)).slice(0, 16);
  const entryFile = path.join(cacheDir, `${id}.json`);
  const cached = readEntry(entryFile);
  if (cached && isFresh(cached, cacheDir)) return path.join(cacheDir, cached.output);

  // Loaded only here, so running built-in labs never pays for esbuild. The specifier is a variable
  // so the CLI bundle leaves esbuild out: it finds its native binary relative to its own package.
  const esbuildModule = 'esbuild';
  const esbuild = (await import(esbuildModule)) as typeof Esbuild;
  const workingDir = path.dirname(path.resolve(source));
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [path.resolve(source)],
      absWorkingDir: workingDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [sdkOfThisPackage],
    });
  } catch (error) {
    throw inputError(
      `checker ${path.relative(process.cwd(), source) || source} does not compile:\n${formatBuildFailure(error)}`,
      'fix the error, then run the check again',
    );
  }
  const code = result.outputFiles[0]?.text ?? '';
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith(`${SDK_NAMESPACE}:`)) continue;
    const absolute = path.resolve(workingDir, input);
    inputs[absolute] = sha256(readFileSync(absolute));
  }
  const output = `${id}-${sha256(code).slice(0, 16)}.mjs`;
  mkdirSync(cacheDir, { recursive: true });
  writeFileAtomic(path.join(cacheDir, output), code);
  writeFileAtomic(entryFile, `${JSON.stringify({ inputs, output } satisfies CacheEntry)}\n`);
  return path.join(cacheDir, output);
}

interface BuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
}

function formatBuildFailure(error: unknown): string {
  const errors = (error as { errors?: BuildMessage[] }).errors;
  if (!errors?.length) return `  ${(error as Error).message}`;
  return errors
    .slice(0, 5)
    .map((message) => {
      const where = message.location
        ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
        : '';
      return `  ${where}${message.text}`;
    })
    .join('\n');
}
