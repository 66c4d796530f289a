/**
 * The lab session of an attendee (`--kubeconfig <file from the instructor>`): the workshop fixes
 * the lab, its variables and the context; progress is kept in a store of its own and mirrored to
 * the ledger ConfigMap the instructor's roster reads.
 */
import path from 'node:path';
import { inputError } from '../../errors.js';
import { type Ledger, progressAfterReset } from '../../core/workshop/ledger.js';
import type { LabProgress } from '../../core/progress.js';
import { sleep } from '../../core/sleep.js';
import { connectCluster } from '../../adapters/connect.js';
import { readLedger } from '../../adapters/kube/ledgerConfigMap.js';
import { type Lab, labWhere } from '../../core/lab.js';
import { labVariables } from '../../core/labVariables.js';
import { openCluster } from '../../adapters/connect.js';
import { loadLab } from '../../adapters/fs/labRepository.js';
import { createProgressStore, type ProgressStore } from '../../adapters/fs/progressStore.js';
import { stateDir } from '../../adapters/fs/stateDir.js';
import { labClusterOver } from '../labCluster.js';
import { createLabSession, type LabSession } from '../labSession.js';
import { type AttendeeAccess, expiredError, readAttendeeAccess, rejectedCredentials } from './attendeeAccess.js';
import { attendeeCluster } from './attendeeCluster.js';
import { createLedgerMirror, type LedgerMirror, mirroredStore } from './ledgerMirror.js';

export interface AttendeeSessionRequest {
  kubeconfig: string;
  lab: string | undefined;
  varFlags: readonly string[];
  context: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  warn(message: string): void;
}

/** The attendee's own progress store, apart from their progress outside workshops. */
export function attendeeStore(access: AttendeeAccess, env: NodeJS.ProcessEnv, warn: (message: string) => void) {
  const { workshop, attendee } = access.config;
  return createProgressStore({ dir: path.join(stateDir(env), 'workshops', `${workshop}-${attendee}`), env, warn });
}

/**
 * Before an attendee's command: when the instructor reset them (`labs workshop reset`) since their
 * progress file last saw it, their progress becomes the reset's (the ledger says which step). A
 * cluster that cannot be read in a few seconds only warns: the command goes on with what it has.
 */
export async function adoptWorkshopReset(request: {
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  warn(message: string): void;
  signal?: AbortSignal;
}): Promise<void> {
  const access = readAttendeeAccess(request.kubeconfig, request.env, request.cwd);
  const { config } = access;
  let ledger: Ledger | undefined;
  const { transport } = await connectCluster({ context: access.contextName, env: access.env });
  try {
    ledger = await readLedger(
      transport,
      config.home,
      AbortSignal.any([AbortSignal.timeout(3000), ...(request.signal ? [request.signal] : [])]),
    );
  } catch (error) {
    if (rejectedCredentials(error)) throw expiredError(config.workshop);
    request.warn(`warning: could not read your workshop progress from the cluster: ${(error as Error).message}`);
    return;
  } finally {
    transport.close();
  }
  if (!ledger) return;
  const store = attendeeStore(access, request.env, request.warn);
  const adopted = progressAfterReset(loadLab(config.lab, request.cwd), ledger, store.load(config.lab));
  if (adopted) {
    store.save(adopted);
    request.warn(`your instructor put you back at step "${adopted.currentStep}"; your progress here follows`);
  }
}

/** How often an open guide asks whether the instructor has reset the attendee. */
export const FOLLOW_RESETS_MS = 5000;

/**
 * While the guide is open: every `intervalMs`, reads the attendee's ledger, and when the
 * instructor has reset them since the progress file last saw it, writes the reset's progress to
 * the file (as the next command would) and hands it to `onReset`. A read that fails is tried again
 * at the next tick; rejected credentials (the workshop has expired) end it. Ends with `signal`.
 */
export async function followWorkshopResets(request: {
  lab: Lab;
  store: Pick<ProgressStore, 'load' | 'save'>;
  read: (signal: AbortSignal) => Promise<Ledger | undefined>;
  onReset: (progress: LabProgress) => void;
  signal: AbortSignal;
  intervalMs?: number;
}): Promise<void> {
  const { lab, store, signal } = request;
  for (;;) {
    await sleep(request.intervalMs ?? FOLLOW_RESETS_MS, signal);
    if (signal.aborted) return;
    let ledger: Ledger | undefined;
    try {
      ledger = await request.read(AbortSignal.any([AbortSignal.timeout(3000), signal]));
    } catch (error) {
      if (rejectedCredentials(error)) return;
      continue;
    }
    if (!ledger || signal.aborted) continue;
    const adopted = progressAfterReset(lab, ledger, store.load(lab.id));
    if (!adopted) continue;
    store.save(adopted);
    request.onReset(adopted);
  }
}

/** The access of `--kubeconfig`, refusing what the workshop decides (--var, --context). */
export function attendeeAccessFor(request: AttendeeSessionRequest): AttendeeAccess {
  const access = readAttendeeAccess(request.kubeconfig, request.env, request.cwd);
  const fixed = Object.entries(access.config.vars)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  if (request.varFlags.length > 0)
    throw inputError(
      `--var cannot be used with a workshop kubeconfig: the workshop sets the lab variables (${fixed})`,
      'drop --var',
    );
  if (request.context !== undefined)
    throw inputError(
      `--context cannot be used with a workshop kubeconfig: it holds the one context of your workshop (${access.contextName})`,
      'drop --context',
    );
  return access;
}

export function openAttendeeLabSession(request: AttendeeSessionRequest): LabSession & { ledger: LedgerMirror } {
  const access = attendeeAccessFor(request);
  const { config } = access;
  const lab = labWhere(loadLab(request.lab ?? config.lab, request.cwd), 'workshop');
  if (lab.id !== config.lab)
    throw inputError(
      `workshop "${config.workshop}" is for lab "${config.lab}", not "${lab.id}"`,
      `run \`labs start ${config.lab} --kubeconfig ${request.kubeconfig}\``,
    );
  const store = attendeeStore(access, request.env, request.warn);
  const ledger = createLedgerMirror(access, request.warn);
  const session = createLabSession({
    lab,
    vars: labVariables(lab, config.vars),
    store: mirroredStore(store, ledger),
    openCluster: async () =>
      labClusterOver(attendeeCluster(await openCluster({ context: access.contextName, env: access.env }), access)),
  });
  return Object.assign(session, { ledger });
}

/** What the terminal guide needs to open the attendee's lab: their store, context, variables and scoped cluster. */
export function attendeeGuideInputs(request: AttendeeSessionRequest) {
  const access = attendeeAccessFor(request);
  const { config } = access;
  if (request.lab !== undefined && request.lab !== config.lab)
    throw inputError(
      `workshop "${config.workshop}" is for lab "${config.lab}", not "${request.lab}"`,
      `run \`labs start ${config.lab} --kubeconfig ${request.kubeconfig}\``,
    );
  const ledger = createLedgerMirror(access, request.warn);
  const store = attendeeStore(access, request.env, request.warn);
  return {
    lab: config.lab,
    store: mirroredStore(store, ledger),
    kubeconfigFlag: request.kubeconfig,
    // An instructor's reset while the guide is open is followed at once, not at the next command.
    async followResets(lab: Lab, onReset: (progress: LabProgress) => void, signal: AbortSignal): Promise<void> {
      const { transport } = await connectCluster({ context: access.contextName, env: access.env });
      try {
        await followWorkshopResets({
          lab,
          store,
          read: (readSignal) => readLedger(transport, config.home, readSignal),
          onReset,
          signal,
        });
      } finally {
        transport.close();
      }
    },
    context: access.contextName,
    varFlags: Object.entries(config.vars).map(([name, value]) => `${name}=${value}`),
    env: access.env,
    where: 'workshop' as const,
    openCluster: async () =>
      attendeeCluster(await openCluster({ context: access.contextName, env: access.env }), access),
  };
}
