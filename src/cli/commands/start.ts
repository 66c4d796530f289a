/**
 * `k8s-labs start [lab]`: the terminal lab guide. Everything heavy is imported lazily: Ink with the
 * app once we know there is a terminal, and the Kubernetes client only after the first frame,
 * when the app connects.
 */
import path from 'node:path';
import * as v from 'valibot';
import { ExitCode, inputError, isUserError } from '../../errors.js';
import { summarizeProgress } from '../../core/progressSummary.js';
import { type LabLocation, loadLabAt, resolveLabArgument, selectLabs } from '../../adapters/fs/labRepository.js';
import { createProgressStore, type ProgressStore } from '../../adapters/fs/progressStore.js';
import { resolveContextName } from '../../adapters/kube/contextNames.js';
import { readSolutionFiles } from '../../adapters/solutions/solutionFiles.js';
import type { ConnectResult, LabChoice, OpenedLab, TuiServices } from '../../ui/services.js';
import { defineCommand, type GlobalOptions } from '../command.js';
import { resolveStep, resolveVariables } from '../labContext.js';

export const NO_TTY_MESSAGE = 'k8s-labs start needs an interactive terminal; use `labs check` and `labs list` instead';

export default defineCommand({
  name: 'start',
  summary: 'open a lab in the terminal guide (k8s-labs start clusterip)',
  positionals: [{ name: 'lab', description: 'lab id or path (default: pick one from a list)', optional: true }],
  options: v.object({}),
  examples: ['k8s-labs start', 'k8s-labs start clusterip', 'k8s-labs start clusterip --var namespace=alice'],
  async run({ args, options, out, env, cwd, signal, interactive }) {
    if (!interactive) {
      out.note(NO_TTY_MESSAGE);
      return ExitCode.badInput;
    }
    // Start loading Ink and the app now: reading the file overlaps with parsing the lab.
    const app = import('../../ui/App.js');
    const warnings: string[] = [];
    const store = createProgressStore({ warn: (message) => warnings.push(message) });
    const open = (location: LabLocation): OpenedLab => openLab(location, store, options, env, cwd);
    const services = createServices({ store, options, env, cwd, open });
    const start = args[0]
      ? ({ kind: 'lab', opened: open(singleLab(args[0], cwd)) } as const)
      : ({ kind: 'pick', choices: labChoices(store, cwd, services) } as const);
    for (const warning of warnings) out.note(`warning: ${warning}`);
    const { runApp, themeFromEnv } = await app;
    await runApp({ services, start, theme: themeFromEnv(env), signal });
    return ExitCode.ok;
  },
});

function singleLab(argument: string, cwd: string): LabLocation {
  const [location, ...rest] = resolveLabArgument(argument, cwd);
  if (!location || rest.length > 0)
    throw inputError(`"${argument}" holds several labs`, 'name one lab, or run `k8s-labs start` to pick one');
  return location;
}

function openLab(
  location: LabLocation,
  store: ProgressStore,
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
): OpenedLab {
  const { lab, problems } = loadLabAt(location);
  if (!lab || problems.length > 0) {
    const first = problems[0];
    throw inputError(
      `lab "${location.folderName}" has ${problems.length} content problem${problems.length === 1 ? '' : 's'}${first ? `, e.g. ${path.relative(cwd, first.file) || first.file}: ${first.message}` : ''}`,
      `run \`labs validate ${location.folderName}\` for every problem and how to fix it`,
    );
  }
  const vars = resolveVariables(lab, options.var, env);
  const progress = store.load(lab.id);
  const step = resolveStep(lab, progress, undefined);
  store.setCurrentLab(lab.id);
  return { lab, vars, progress, stepIndex: lab.steps.indexOf(step) };
}

/** The picker rows; `services.openLab(id)` opens the row's lab. */
function labChoices(store: ProgressStore, cwd: string, services: { locations: Map<string, LabLocation> }): LabChoice[] {
  const current = store.currentLab();
  return selectLabs([], cwd).map((location): LabChoice => {
    const { lab, problems } = loadLabAt(location);
    const id = lab?.id ?? location.folderName;
    services.locations.set(id, location);
    if (!lab || problems.length > 0) {
      return {
        id,
        title: id,
        estimatedMinutes: 0,
        steps: 0,
        done: 0,
        current: false,
        problem: `${problems.length} content problems`,
      };
    }
    const summary = summarizeProgress(lab, store.load(lab.id));
    const at = lab.steps.find((step) => step.id === summary.currentStep)?.title;
    return {
      id,
      title: lab.manifest.title,
      estimatedMinutes: lab.manifest.estimatedMinutes,
      steps: lab.steps.length,
      done: summary.done,
      ...(at ? { at } : {}),
      current: current === lab.id,
    };
  });
}

interface ServiceInputs {
  store: ProgressStore;
  options: GlobalOptions;
  env: NodeJS.ProcessEnv;
  cwd: string;
  open(location: LabLocation): OpenedLab;
}

function createServices({
  store,
  options,
  env,
  cwd,
  open,
}: ServiceInputs): TuiServices & { locations: Map<string, LabLocation> } {
  const locations = new Map<string, LabLocation>();
  const contextName = resolveContextName(options.context, env);
  // Without a cluster, blocks still run, against a stub kubeconfig whose only cluster is an address
  // where nothing listens: kubectl reaches no cluster at all (never the user's current context).
  const offlineShell: TuiServices['offlineShell'] = {
    async runBlock(script, runOptions) {
      const [{ createShellRunner }, { offlineTarget }, { runProcess }] = await Promise.all([
        import('../../adapters/kube/shell.js'),
        import('../../adapters/kube/offlineKubeconfig.js'),
        import('../../adapters/process/run.js'),
      ]);
      return createShellRunner(offlineTarget(env), runProcess).runBlock(script, runOptions);
    },
  };
  return {
    locations,
    contextName,
    offlineShell,
    progress: store,
    canRebuild: true,
    now: () => new Date(),
    openLab: (id) => open(locations.get(id) ?? singleLab(id, cwd)),
    loadSolution: async (lab, stepId) => {
      try {
        return readSolutionFiles(lab, stepId) ?? [];
      } catch {
        return [];
      }
    },
    connect: (signal) => connect({ context: options.context, env, contextName, signal }),
    async createCluster({ onPhase, signal }) {
      const { clusterUp } = await import('../../adapters/kind/cluster.js');
      await clusterUp({
        env,
        signal,
        onPhase: (phase, elapsedMs) => onPhase(phase.status === 'done' ? `${phase.title} ✓` : phase.title, elapsedMs),
      });
    },
  };
}

interface ConnectInputs {
  context: string | undefined;
  env: NodeJS.ProcessEnv;
  contextName: string;
  signal: AbortSignal;
}

async function connect({ context, env, contextName, signal }: ConnectInputs): Promise<ConnectResult> {
  const [{ openCluster }, { networkReason }] = await Promise.all([
    import('../../adapters/connect.js'),
    import('../../adapters/kube/apiErrors.js'),
  ]);
  let session: Awaited<ReturnType<typeof openCluster>>;
  try {
    session = await openCluster({ context, env });
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
  const [{ createSessionGrader }, { watchStep }, { resetLab }, { applySolution }] = await Promise.all([
    import('../../adapters/checkers/sessionGrader.js'),
    import('../../core/grading/watchStep.js'),
    import('../../adapters/solutions/resetLab.js'),
    import('../../adapters/solutions/applySolution.js'),
  ]);
  const grader = createSessionGrader(session);
  return {
    ok: true,
    cluster: {
      target: session.target,
      grader,
      shell: session.shell,
      capabilities: () => session.capabilities(),
      watchStep: (lab, stepId, options) => watchStep(grader, session.reader, lab, stepId, options),
      async rebuildStep(lab, stepId, vars, { signal: abort, onLine }) {
        const say = (line: string): void => onLine?.(line, 'stdout');
        await resetLab(session, lab, vars, { signal: abort, onLine: say });
        const answersByStep: Record<string, Record<string, string>> = {};
        for (const [index, step] of lab.steps.entries()) {
          if (step.id === stepId) break;
          say(`applying the solution of step ${index + 1} (${step.id})`);
          answersByStep[step.id] = await applySolution(session, lab, step.id, vars, { signal: abort, onLine: say });
        }
        say('done');
        return answersByStep;
      },
      close: () => session.close(),
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
    import('../../adapters/kube/contextNames.js'),
    import('../../adapters/process/run.js'),
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
