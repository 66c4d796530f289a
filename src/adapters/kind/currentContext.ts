/**
 * `kind create cluster` and `kind export kubeconfig` switch the kubeconfig's current-context to
 * the new cluster. We never change which cluster the user's own kubectl talks to, so the
 * current-context line of every kubeconfig file is recorded before and put back after.
 * Only that one line is rewritten; the rest of the file stays as kind left it.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { jsYaml } from '../../core/jsYaml.js';

/** The current-context of each file; undefined when the file has none or does not exist. */
export type CurrentContexts = Map<string, string | undefined>;

const LINE = /^current-context:[^\n]*$/m;

export function readCurrentContext(text: string): string | undefined {
  const line = LINE.exec(text)?.[0];
  if (!line) return undefined;
  try {
    const value = (jsYaml().load(line) as Record<string, unknown> | null)?.['current-context'];
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

export function snapshotCurrentContexts(files: readonly string[]): CurrentContexts {
  const snapshot: CurrentContexts = new Map();
  for (const file of files)
    snapshot.set(file, existsSync(file) ? readCurrentContext(readFileSync(file, 'utf8')) : undefined);
  return snapshot;
}

/** The text with its current-context set to `value`. */
export function withCurrentContext(text: string, value: string): string {
  const line = jsYaml().dump({ 'current-context': value }, { lineWidth: -1 }).trimEnd();
  return LINE.test(text) ? text.replace(LINE, line) : `${text.replace(/\n?$/, '\n')}${line}\n`;
}

/**
 * Puts back every current-context that was set before and has changed since. A file that had
 * none keeps what kind wrote: with no cluster selected before, there is nothing to redirect.
 * Returns the files it rewrote.
 */
export function restoreCurrentContexts(snapshot: CurrentContexts): string[] {
  const restored: string[] = [];
  for (const [file, before] of snapshot) {
    if (before === undefined || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (readCurrentContext(text) === before) continue;
    // Written in place (not renamed over) so the file keeps its owner, mode and any symlink.
    writeFileSync(file, withCurrentContext(text, before), { mode: statSync(file).mode });
    restored.push(file);
  }
  return restored;
}
