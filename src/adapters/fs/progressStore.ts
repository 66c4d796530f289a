/**
 * Progress on disk: one JSON file per lab under the state directory, written atomically. A file
 * that cannot be read is moved aside with a warning and the learner starts that lab afresh;
 * nothing else is lost and nothing crashes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, watch as watchFiles } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { emptyProgress, type LabProgress, labProgressSchema } from '../../core/progress.js';
import { writeFileAtomic } from './atomicFile.js';
import { stateDir } from './stateDir.js';

export interface ProgressStore {
  load(labId: string): LabProgress;
  save(progress: LabProgress): void;
  /** Reads, changes and writes one lab's progress. */
  update(labId: string, change: (progress: LabProgress) => LabProgress): LabProgress;
  remove(labId: string): void;
  /** The lab the learner worked on last, if any. */
  currentLab(): string | undefined;
  /** Records the lab worked on last, with its folder so a lab loaded from a path is found again by id. */
  setCurrentLab(labId: string, dir?: string): void;
  /** The folder of the lab worked on last, when it is `labId`. */
  currentLabDir(labId: string): string | undefined;
  /**
   * Calls `onChange` whenever another process (e.g. `labs answer` in another terminal) writes
   * this lab's progress, until `signal` aborts.
   */
  watch(labId: string, onChange: () => void, signal: AbortSignal): void;
  /** Where the files live, for messages. */
  readonly dir: string;
}

export interface ProgressStoreOptions {
  /** Default: the state directory named by `env`. */
  dir?: string;
  /** Where the state directory is looked up (K8S_LABS_STATE_DIR, XDG_STATE_HOME). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Called with a learner-facing warning, e.g. when a corrupt file was moved aside. */
  warn?: (message: string) => void;
  now?: () => Date;
}

export function createProgressStore(options: ProgressStoreOptions = {}): ProgressStore {
  const dir = options.dir ?? stateDir(options.env ?? process.env);
  const warn = options.warn ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const now = options.now ?? (() => new Date());
  const fileOf = (labId: string): string => path.join(dir, 'progress', `${labId}.json`);
  const currentFile = path.join(dir, 'current.json');

  const moveAside = (file: string, reason: string): void => {
    const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(file, aside);
      warn(`${file} could not be read (${reason}); it was moved to ${aside} and this lab starts afresh.`);
    } catch {
      warn(`${file} could not be read (${reason}); this lab starts afresh.`);
    }
  };

  const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

  const load = (labId: string): LabProgress => {
    const file = fileOf(labId);
    if (!existsSync(file)) return emptyProgress(labId);
    let raw: unknown;
    try {
      raw = readJson(file);
    } catch (error) {
      moveAside(file, error instanceof SyntaxError ? 'not valid JSON' : String((error as Error).message));
      return emptyProgress(labId);
    }
    const parsed = v.safeParse(labProgressSchema, raw);
    if (!parsed.success || parsed.output.lab !== labId) {
      moveAside(file, parsed.success ? `it belongs to lab "${parsed.output.lab}"` : 'unexpected content or version');
      return emptyProgress(labId);
    }
    return parsed.output;
  };

  const save = (progress: LabProgress): void => {
    writeFileAtomic(
      fileOf(progress.lab),
      `${JSON.stringify({ ...progress, updatedAt: now().toISOString() }, null, 2)}\n`,
    );
  };

  const readCurrent = (): { lab?: string; dir?: string } => {
    if (!existsSync(currentFile)) return {};
    try {
      const value = readJson(currentFile) as { lab?: unknown; dir?: unknown };
      return {
        ...(typeof value.lab === 'string' ? { lab: value.lab } : {}),
        ...(typeof value.dir === 'string' ? { dir: value.dir } : {}),
      };
    } catch {
      moveAside(currentFile, 'not valid JSON');
      return {};
    }
  };

  return {
    dir,
    load,
    save,
    update(labId, change) {
      const next = change(load(labId));
      save(next);
      return next;
    },
    remove(labId) {
      const file = fileOf(labId);
      if (existsSync(file)) renameSync(file, `${file}.reset-${now().toISOString().replace(/[:.]/g, '-')}`);
    },
    currentLab() {
      return readCurrent().lab;
    },
    currentLabDir(labId) {
      const current = readCurrent();
      return current.lab === labId ? current.dir : undefined;
    },
    setCurrentLab(labId, dir) {
      writeFileAtomic(currentFile, `${JSON.stringify({ lab: labId, ...(dir ? { dir } : {}) })}\n`);
    },
    watch(labId, onChange, signal) {
      // The folder, not the file: an atomic write replaces the file, which ends a watch on it.
      const folder = path.dirname(fileOf(labId));
      mkdirSync(folder, { recursive: true });
      watchFiles(folder, { signal }, (_event, name) => {
        if (name === path.basename(fileOf(labId))) onChange();
      }).on('error', () => {});
    },
  };
}
