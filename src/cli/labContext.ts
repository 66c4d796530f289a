/** Resolving which lab a command works with, and its progress store. */
import { inputError } from '../errors.js';
import type { Lab } from '../core/lab.js';
import { loadLab } from '../adapters/fs/labRepository.js';
import { createProgressStore, type ProgressStore } from '../adapters/fs/progressStore.js';
import type { Output } from './output.js';

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

/** The learner's progress store, with its warnings (e.g. a corrupt file moved aside) on stderr. */
export function openProgressStore(out: Output, env: NodeJS.ProcessEnv): ProgressStore {
  return createProgressStore({ env, warn: (message) => out.note(`warning: ${message}`) });
}

export { resolveVariables } from '../core/labVariables.js';
export { resolveStep } from '../core/progressSummary.js';
