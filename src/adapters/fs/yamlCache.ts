/**
 * The parsed YAML of lab manifests and step front matter, kept between runs in the user's cache
 * folder: every command reads them, and parsing them cost `labs list` about a sixth of its time.
 * Keys are the exact texts, so an edited file simply misses; a missing, unreadable or foreign
 * cache file is an empty cache, and failing to write one is not an error.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { YamlMemo } from '../../core/parseYaml.js';
import { writeFileAtomic } from './atomicFile.js';

/** Environment variable that overrides the cache folder (tests, read-only homes). */
export const CACHE_DIR_ENV = 'K8S_LABS_CACHE_DIR';

/** Bumped when the shape of the file or of the parse changes. */
const FORMAT = 'k8s-labs/yaml-cache/v1';
/** Enough for every lab of a large repository; the entries used longest ago go first. */
export const CACHE_LIMIT = 1000;

export function cacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
  home = os.homedir(),
): string {
  if (env[CACHE_DIR_ENV]) return path.resolve(env[CACHE_DIR_ENV]);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'k8s-labs');
  if (platform === 'win32')
    return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'k8s-labs', 'cache');
  return path.join(env['XDG_CACHE_HOME'] || path.join(home, '.cache'), 'k8s-labs');
}

export function yamlCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), 'lab-yaml.json');
}

interface CacheFile {
  format: string;
  entries: [string, string][];
}

function readEntries(file: string): [string, string][] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.format !== FORMAT || !Array.isArray(parsed.entries)) return [];
    return parsed.entries.filter(
      (entry): entry is [string, string] =>
        Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string',
    );
  } catch {
    return [];
  }
}

/** One cache file's memo for this process: read at the first lab, written after parses that missed. */
export class YamlCache {
  #memo: YamlMemo | undefined;
  #saved = 0;

  constructor(private readonly file: string = yamlCacheFile()) {}

  get memo(): YamlMemo {
    return (this.#memo ??= new YamlMemo(readEntries(this.file)));
  }

  /** Writes the memo when it holds texts the file does not. */
  save(): void {
    const memo = this.#memo;
    if (!memo || memo.added === this.#saved) return;
    this.#saved = memo.added;
    try {
      const content: CacheFile = { format: FORMAT, entries: memo.entries(CACHE_LIMIT) };
      writeFileAtomic(this.file, `${JSON.stringify(content)}\n`);
    } catch {
      // A cache that cannot be written only costs the next run a parse.
    }
  }
}

let shared: YamlCache | undefined;

/** The cache of this process, at the folder the environment names. */
export function processYamlCache(): YamlCache {
  return (shared ??= new YamlCache());
}
