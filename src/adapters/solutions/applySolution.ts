/**
 * Applies a step's reference solution: its manifests in file-name order (variables rendered,
 * piped to `kubectl apply -f -`), then solve.sh, then the commands of answers.yaml, whose output
 * is the reference answer. The lab's own namespaces are created first when missing.
 */
import path from 'node:path';
import { inputError } from '../../errors.js';
import { type Lab, requireStep } from '../../core/lab.js';
import { readLabFile } from './labFolderFiles.js';
import { ANSWERS_FILE, SOLVE_SCRIPT, solutionPath } from '../../core/labFiles.js';
import { renderForShell, renderLabYaml, variablesEnv } from '../../core/labVariables.js';
import { ownedTargets } from '../../core/labNamespaces.js';
import { parseReferenceAnswers } from '../../core/labTest/referenceAnswers.js';
import type { KubectlRunner, ShellRunner } from '../../core/ports.js';
import { ApplyError, checkRun } from './applyError.js';
import { applyManifest, createNamespaces, type ObjectReader } from './kubectlOps.js';
import { readSolutionFiles, solutionDir } from './solutionFiles.js';
import { sleep } from '../../core/sleep.js';

/** The part of a cluster session solutions need (a ClusterSession fits). */
export interface SolutionSession {
  kubectl: KubectlRunner;
  shell: ShellRunner;
  reader: ObjectReader;
}

export interface SolutionOptions {
  signal?: AbortSignal;
  /** Output of kubectl and solve.sh, line by line, for progress displays. */
  onLine?: (line: string) => void;
  /** How long an answer command printing nothing is retried (default 20 s). */
  emptyAnswerRetryMs?: number;
}

const SOLVE_TIMEOUT_MS = 180_000;
const ANSWER_TIMEOUT_MS = 30_000;
/** An answer command printing nothing is retried this long: the object may not be ready yet. */
const EMPTY_ANSWER_RETRY_MS = 20_000;
const ANSWER_RETRY_INTERVAL_MS = 1000;

/** Creates the namespaces the lab owns that do not exist yet. */
export async function ensureNamespaces(
  session: SolutionSession,
  lab: Lab,
  vars: Readonly<Record<string, string>>,
  options: SolutionOptions = {},
): Promise<void> {
  // Only the lab's own namespace: other owned namespaces (such as the spare one wrong-answer
  // fixtures use) are created by whatever needs them, so a learner's cluster gets no empty ones.
  const { namespaces } = ownedTargets(lab, vars);
  const primary = namespaces.includes(vars['namespace'] ?? '') ? [vars['namespace']!] : namespaces.slice(0, 1);
  await createNamespaces(session, primary, options);
}

/** Applies the reference solution of one step; resolves to its reference answers by question id. */
export async function applySolution(
  session: SolutionSession,
  lab: Lab,
  stepId: string,
  vars: Readonly<Record<string, string>>,
  options: SolutionOptions = {},
): Promise<Record<string, string>> {
  const dir = solutionDir(lab, stepId);
  const shared = requireStep(lab, stepId).solutionManifests ?? [];
  const solution = readSolutionFiles(lab, stepId) ?? (shared.length > 0 ? [] : undefined);
  if (!solution) {
    throw inputError(
      `step "${stepId}" of lab "${lab.id}" has no reference solution (${dir})`,
      `run \`labs validate ${lab.id}\``,
    );
  }
  const files = solution.map((file) => file.name);
  const read = (name: string): string => solution.find((file) => file.name === name)?.text ?? '';
  const shown = (name: string): string => path.join(solutionPath(lab.id, stepId), name);
  await ensureNamespaces(session, lab, vars, options);
  for (const rel of shared) {
    const manifest = renderLabYaml(lab, readLabFile(lab, rel), vars);
    if (manifest.trim() !== '') await applyManifest(session.kubectl, manifest, `kubectl apply of ${rel}`, options);
  }

  for (const name of files.filter((file) => /\.ya?ml$/.test(file) && file !== ANSWERS_FILE)) {
    const manifest = renderLabYaml(lab, read(name), vars);
    if (manifest.trim() === '') continue;
    await applyManifest(session.kubectl, manifest, `kubectl apply of ${shown(name)}`, options);
  }

  const env = variablesEnv(vars);
  const base = { env, cwd: dir, ...(options.signal ? { signal: options.signal } : {}) };
  if (files.includes(SOLVE_SCRIPT)) {
    checkRun(
      await session.shell.runBlock(renderForShell(read(SOLVE_SCRIPT), vars), {
        ...base,
        timeoutMs: SOLVE_TIMEOUT_MS,
        ...(options.onLine ? { onLine: (line) => options.onLine?.(line) } : {}),
      }),
      shown(SOLVE_SCRIPT),
    );
  }

  const answers: Record<string, string> = {};
  if (files.includes(ANSWERS_FILE)) {
    const file = path.join(dir, ANSWERS_FILE);
    for (const [id, entry] of Object.entries(parseReferenceAnswers(read(ANSWERS_FILE), file))) {
      const retryMs = options.emptyAnswerRetryMs ?? EMPTY_ANSWER_RETRY_MS;
      answers[id] =
        'value' in entry
          ? entry.value
          : await runAnswerCommand(
              session,
              renderForShell(entry.command, vars),
              `the answer command for "${id}"`,
              base,
              retryMs,
            );
    }
  }
  return answers;
}

async function runAnswerCommand(
  session: SolutionSession,
  command: string,
  what: string,
  base: { env: Record<string, string>; cwd: string; signal?: AbortSignal },
  retryMs: number,
): Promise<string> {
  const deadline = Date.now() + retryMs;
  for (;;) {
    const result = checkRun(await session.shell.runBlock(command, { ...base, timeoutMs: ANSWER_TIMEOUT_MS }), what);
    const answer = result.stdout.trim();
    if (answer !== '') return answer;
    if (Date.now() >= deadline) throw new ApplyError(`${what} printed nothing: ${command}`, result.stderr);
    await sleep(Math.min(ANSWER_RETRY_INTERVAL_MS, Math.max(10, retryMs / 5)), base.signal);
    if (base.signal?.aborted) checkRun({ ...result, aborted: true }, what);
  }
}
