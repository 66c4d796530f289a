/**
 * The learner's progress store, on its own so that `labs list` and the guide's first frame open
 * it without loading the lab session and the cluster client that `openLabSession` brings.
 */
import { createProgressStore, type ProgressStore } from '../adapters/fs/progressStore.js';

/** The learner's progress store, in the state directory `env` names. */
export const openProgressStore = (env: NodeJS.ProcessEnv, warn: (message: string) => void): ProgressStore =>
  createProgressStore({ env, warn });
