/**
 * The terminal guide's services (src/ui/services.ts) over the lab session and its cluster verbs:
 * opening a lab is `createLabSession`, a revealed solution is `revealSolution`, and grading,
 * auto-check and rebuilding a step are the `LabCluster` verbs `labs check` and `labs jump` use.
 * What only the guide needs stays here: the picker's rows, connecting without failing (a banner
 * instead), and blocks run with no cluster. The Kubernetes client loads only once it connects.
 */
import { isUserError } from '../errors.js';
import { type LabWhere, labWhere } from '../core/lab.js';
import { resolveVariables } from '../core/labVariables.js';
import { resolveStep } from '../core/progressSummary.js';
import { type LabLocation, loadRunnableLab, singleLabLocation } from '../adapters/fs/labRepository.js';
import type { ClusterSession } from '../adapters/connect.js';
import type { ProgressStore } from '../adapters/fs/progressStore.js';
import { resolveContextName } from '../adapters/kube/contextNames.js';
import type { ConnectResult, LabChoice, OpenedLab, TuiServices } from '../ui/services.js';
import { labCatalog } from './catalog.js';
import { createLabSession, type LabSession } from './labSession.js';

export interface GuideInputs {
  store: ProgressStore;
  /** --context, as given. */
  context: string | undefined;
  /** --var name=value, as given. */
  varFlags: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Opens the cluster instead of the context's own (a workshop attendee's scoped view). */
  openCluster?: () => Promise<ClusterSession>;
  /** False when the learner cannot rebuild their namespaces (a workshop attendee). */
  canRebuild?: boolean;
  /** 'workshop' for an attendee: the lab's text as it runs on the workshop's namespaces. */
  where?: LabWhere;
  /** A workshop attendee's `--kubeconfig`, for the resume hint. */
  kubeconfigFlag?: string;
  /** A workshop attendee: follows the instructor's resets while the guide is open. */
  followResets?: TuiServices['followResets'];
}

export interface Guide {
  services: TuiServices;
  /** Opens the lab the command line names, where the learner left off. */
  open(argument: string): OpenedLab;
  /** The picker's rows; `services.openLab(id)` opens a row's lab. */
  choices(): LabChoice[];
}

export function createGuide(inputs: GuideInputs): Guide {
  const { store, env, cwd } = inputs;
  const contextName = resolveContextName(inputs.context, env);
  const locations = new Map<string, LabLocation>();
  const sessions = new Map<string, LabSession>();
  const openCluster =
    inputs.openCluster ??
    (async () => (await import('../adapters/connect.js')).openCluster({ context: inputs.context, env }));
  const openLabCluster = async () => (await import('./labCluster.js')).labClusterOver(await openCluster());

  const openAt = (location: LabLocation): OpenedLab => {
    const loaded = loadRunnableLab(location, cwd);
    const lab = inputs.where === 'workshop' ? labWhere(loaded, 'workshop') : loaded;
    const vars = resolveVariables(lab, inputs.varFlags, env);
    const session = createLabSession({ lab, vars, store, openCluster: openLabCluster });
    sessions.set(lab.id, session);
    const progress = session.progress();
    const step = resolveStep(lab, progress, undefined);
    store.setCurrentLab(lab.id, lab.dir);
    return { lab, vars: { ...session.vars }, progress, stepIndex: lab.steps.indexOf(step) };
  };

  const services: TuiServices = {
    contextName,
    ...(inputs.context ? { contextFlag: inputs.context } : {}),
    ...(inputs.kubeconfigFlag ? { kubeconfigFlag: inputs.kubeconfigFlag } : {}),
    // Without a cluster, blocks still run, against a stub kubeconfig whose only cluster is an address
    // where nothing listens: kubectl reaches no cluster at all (never the user's current context).
    offlineShell: {
      async runBlock(script, runOptions) {
        const [{ createShellRunner }, { offlineTarget }, { runProcess }] = await Promise.all([
          import('../adapters/kube/shell.js'),
          import('../adapters/kube/offlineKubeconfig.js'),
          import('../adapters/process/run.js'),
        ]);
        return createShellRunner(offlineTarget(env), runProcess).runBlock(script, runOptions);
      },
    },
    progress: store,
    canRebuild: inputs.canRebuild ?? true,
    ...(inputs.followResets ? { followResets: inputs.followResets } : {}),
    now: () => new Date(),
    openLab: (id) => openAt(locations.get(id) ?? singleLabLocation(id, cwd)),
    loadSolution: async (lab, stepId) => sessions.get(lab.id)?.revealSolution(stepId) ?? [],
    connect: (signal) => connect(openCluster, contextName, env, signal),
    async createCluster({ onPhase, signal }) {
      const { clusterUp } = await import('../adapters/kind/cluster.js');
      await clusterUp({
        env,
        signal,
        onPhase: (phase, elapsedMs) => onPhase(phase.status === 'done' ? `${phase.title} ✓` : phase.title, elapsedMs),
      });
    },
  };

  return {
    services,
    open: (argument) => openAt(singleLabLocation(argument, cwd)),
    choices: () =>
      labCatalog([], cwd, store).map((entry): LabChoice => {
        locations.set(entry.id, entry.location);
        const { lab, progress } = entry;
        if (!lab || !progress || entry.problems > 0) {
          return {
            id: entry.id,
            title: entry.id,
            estimatedMinutes: 0,
            steps: 0,
            done: 0,
            current: false,
            problem: `${entry.problems} content problems`,
          };
        }
        const at = lab.steps.find((step) => step.id === progress.currentStep)?.title;
        return {
          id: entry.id,
          title: lab.manifest.title,
          estimatedMinutes: lab.manifest.estimatedMinutes,
          steps: lab.steps.length,
          done: progress.done,
          needsDataPlane: progress.needsDataPlane,
          ...(at ? { at } : {}),
          current: entry.current,
        };
      }),
  };
}

type ClusterOpener = () => Promise<ClusterSession>;

async function connect(
  openCluster: ClusterOpener,
  contextName: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<ConnectResult> {
  const [{ networkReason }, { labClusterOver }] = await Promise.all([
    import('../adapters/kube/apiErrors.js'),
    import('./labCluster.js'),
  ]);
  let session: ClusterSession;
  try {
    session = await openCluster();
  } catch (error) {
    if (!isUserError(error)) throw error;
    return noCluster(contextName, env, error.nextStep, signal);
  }
  try {
    // openCluster does not touch the network; one cheap read tells whether the server answers.
    await session.reader.get('Namespace', 'default', undefined, signal);
  } catch (error) {
    const unreachable =
      isUserError(error) && (networkReason(error.cause) !== undefined || /cannot reach/.test(error.message));
    if (unreachable || signal.aborted) {
      session.close();
      return noCluster(contextName, env, isUserError(error) ? error.nextStep : undefined, signal);
    }
    // Anything else (e.g. not allowed to read namespaces) still means the cluster is there.
  }
  const cluster = labClusterOver(session);
  return {
    ok: true,
    cluster: {
      target: cluster.target,
      grader: cluster.grader,
      shell: session.shell,
      capabilities: () => session.capabilities(),
      watchStep: (lab, stepId, options) => cluster.watch(lab, stepId, options),
      async rebuildStep(lab, stepId, vars, { signal: abort, onLine }) {
        const say = (line: string): void => onLine?.(line, 'stdout');
        const answersByStep = await cluster.rebuild(lab, stepId, vars, {
          signal: abort,
          onLine: say,
          onStepStart: (id, index) => say(`applying the solution of step ${index + 1} (${id})`),
        });
        say('done');
        return answersByStep;
      },
      setupStep: (lab, stepId, vars, { signal: abort, onLine }) =>
        cluster.setUp(lab, stepId, vars, {
          signal: abort,
          ...(onLine ? { onLine: (line: string) => onLine(line, 'stdout') } : {}),
        }),
      explain: (lab, stepId, vars) => cluster.explain(lab, stepId, vars),
      close: () => cluster.close(),
    },
  };
}

/** The banner's words, and whether C can create the cluster (kind and a Docker daemon are there). */
async function noCluster(
  contextName: string,
  env: NodeJS.ProcessEnv,
  next: string | undefined,
  signal: AbortSignal,
): Promise<ConnectResult> {
  const [{ isLabClusterContext }, { runProcess }] = await Promise.all([
    import('../adapters/kube/contextNames.js'),
    import('../adapters/process/run.js'),
  ]);
  if (!isLabClusterContext(contextName, env)) {
    return {
      ok: false,
      message: `cluster ${contextName} is not reachable`,
      canCreate: false,
      ...(next ? { next } : {}),
    };
  }
  const works = (file: string, args: string[]): Promise<boolean> =>
    runProcess(file, args, { timeoutMs: 4000, signal }).then(
      (result) => result.exitCode === 0,
      () => false,
    );
  const [kind, docker] = await Promise.all([
    works('kind', ['version']),
    works('docker', ['info', '--format', '{{.ServerVersion}}']),
  ]);
  const missing = !kind ? 'kind is not installed' : !docker ? 'Docker is not running' : undefined;
  return {
    ok: false,
    message: `no lab cluster (${contextName})`,
    canCreate: missing === undefined,
    ...(missing ? { next: `${missing}: run \`labs doctor\`` } : {}),
  };
}
