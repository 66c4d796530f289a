/** The lab session of one command line: which lab, which variable values, which cluster. */
import { inputError } from '../errors.js';
import type { Lab } from '../core/lab.js';
import { resolveVariables } from '../core/labVariables.js';
import { openCluster } from '../adapters/connect.js';
import { loadLab } from '../adapters/fs/labRepository.js';
import type { ProgressStore } from '../adapters/fs/progressStore.js';
import { labClusterOver } from './labCluster.js';
import { openProgressStore } from './progressStore.js';
import { createLabSession, type LabSession } from './labSession.js';
import { openAttendeeLabSession } from './workshop/attendeeSession.js';

export interface SessionRequest {
  /** The lab as typed, an id or a path; undefined for the lab the learner worked on last. */
  lab: string | undefined;
  /** --var name=value, as given. */
  varFlags: readonly string[];
  /** --context, as given. */
  context: string | undefined;
  /** --kubeconfig: an attendee's workshop kubeconfig, which fixes the lab, variables and context. */
  kubeconfig?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Learner-facing warnings, e.g. a corrupt progress file moved aside. */
  warn(message: string): void;
}

/**
 * The lab named on the command line, else the one the learner worked on last. The command line's
 * verbs grade, hint and apply solutions but never show a step's body, so bodies stay unparsed.
 */
export function resolveLab(argument: string | undefined, store: ProgressStore, cwd: string): Lab {
  const id = argument ?? store.currentLab();
  if (!id)
    throw inputError(
      'no lab given and none started yet',
      'name a lab, e.g. `labs check clusterip`, or see `labs list`',
    );
  return loadLab(id, cwd, store.currentLabDir(id), 'frontMatter');
}

export function openLabSession(request: SessionRequest): LabSession {
  const { env, cwd, context } = request;
  if (request.kubeconfig) return openAttendeeLabSession({ ...request, kubeconfig: request.kubeconfig });
  const store = openProgressStore(env, request.warn);
  const lab = resolveLab(request.lab, store, cwd);
  const vars = resolveVariables(lab, request.varFlags, env);
  return createLabSession({
    lab,
    vars,
    store,
    openCluster: async () => labClusterOver(await openCluster({ context, env })),
  });
}
