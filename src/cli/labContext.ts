/** Resolving which lab, which step and which variable values a command works with. */
import { inputError } from '../errors.js';
import { findStep, type Lab, labVariables, type Step } from '../core/lab.js';
import { type LabProgress, stepProgress } from '../core/progress.js';
import { loadLab } from '../adapters/fs/labRepository.js';
import { createProgressStore, type ProgressStore } from '../adapters/fs/progressStore.js';
import type { Output } from './output.js';

/** Lab variables: defaults, then K8S_LABS_VAR_<NAME> from the environment, then --var name=value. */
export function resolveVariables(lab: Lab, flags: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(lab.manifest.variables)) {
    const fromEnv = env[`K8S_LABS_VAR_${name.toUpperCase()}`];
    if (fromEnv) overrides[name] = fromEnv;
  }
  for (const flag of flags) {
    const [name, ...rest] = flag.split('=');
    if (!name || rest.length === 0)
      throw inputError(`--var "${flag}" is not name=value`, 'write it as --var namespace=alice');
    if (!(name in lab.manifest.variables)) {
      throw inputError(
        `lab "${lab.id}" has no variable "${name}"`,
        `variables: ${Object.keys(lab.manifest.variables).join(', ')}`,
      );
    }
    overrides[name] = rest.join('=');
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (name === 'namespace' && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
      throw inputError(`"${value}" is not a valid namespace name`, 'use lower-case letters, digits and dashes');
    }
  }
  return labVariables(lab, overrides);
}

/** The lab named on the command line, else the one the learner worked on last. */
export function resolveLab(argument: string | undefined, store: ProgressStore, cwd: string): Lab {
  const id = argument ?? store.currentLab();
  if (!id)
    throw inputError(
      'no lab given and none started yet',
      'name a lab, e.g. `labs check clusterip`, or see `labs list`',
    );
  return loadLab(id, cwd);
}

/**
 * The step to act on: the named one, else where the learner is, else the first step not yet
 * passed or skipped.
 */
export function resolveStep(lab: Lab, progress: LabProgress, stepId: string | undefined): Step {
  if (stepId) {
    const step = findStep(lab, stepId);
    if (!step)
      throw inputError(`lab "${lab.id}" has no step "${stepId}"`, `steps: ${lab.steps.map((s) => s.id).join(', ')}`);
    return step;
  }
  const current = progress.currentStep ? findStep(lab, progress.currentStep) : undefined;
  if (current) return current;
  return (
    lab.steps.find((step) => !['passed', 'skipped'].includes(stepProgress(progress, step.id).status)) ?? lab.steps[0]!
  );
}

/** The learner's progress store, with its warnings (e.g. a corrupt file moved aside) on stderr. */
export function openProgressStore(out: Output, env: NodeJS.ProcessEnv): ProgressStore {
  return createProgressStore({ env, warn: (message) => out.note(`warning: ${message}`) });
}
