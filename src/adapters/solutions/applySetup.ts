/**
 * Applies a step's setup, hidden from the learner, before the step begins: its manifests (files
 * of the lab folder, variables rendered, each whole value as its variable's type), then its
 * script, run like solve.sh with the lab context forced and the variables exported, in the lab's
 * assets/ folder when it has one.
 */
import { type Lab, requireStep, stepHasSetup } from '../../core/lab.js';
import { renderForShell, renderLabYaml, variablesEnv } from '../../core/labVariables.js';
import { checkRun } from './applyError.js';
import { readLabFile } from './labFolderFiles.js';
import { ensureNamespaces, type SolutionOptions, type SolutionSession } from './applySolution.js';
import { applyManifest } from './kubectlOps.js';

const SETUP_TIMEOUT_MS = 180_000;

/** The folder command blocks and setup scripts run in: the lab's assets/, else the lab folder. */
export const labWorkingDir = (lab: Lab): string => lab.assetsDir ?? lab.dir;

/** True when the step has a setup to apply. */
export const hasSetup = (lab: Lab, stepId: string): boolean => stepHasSetup(requireStep(lab, stepId));

export async function applySetup(
  session: SolutionSession,
  lab: Lab,
  stepId: string,
  vars: Readonly<Record<string, string>>,
  options: SolutionOptions = {},
): Promise<void> {
  const setup = requireStep(lab, stepId).setup;
  if (!setup) return;
  await ensureNamespaces(session, lab, vars, options);
  for (const rel of setup.manifests) {
    const manifest = renderLabYaml(lab, readLabFile(lab, rel), vars);
    if (manifest.trim() === '') continue;
    await applyManifest(session.kubectl, manifest, `setup of step "${stepId}": kubectl apply of ${rel}`, options);
  }
  if (setup.script) {
    checkRun(
      await session.shell.runBlock(renderForShell(readLabFile(lab, setup.script), vars), {
        env: variablesEnv(vars),
        cwd: labWorkingDir(lab),
        timeoutMs: SETUP_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onLine ? { onLine: (line: string) => options.onLine?.(line) } : {}),
      }),
      `setup script ${setup.script} of step "${stepId}"`,
    );
  }
}
