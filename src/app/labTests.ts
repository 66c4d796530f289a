/**
 * `labs test` for lab authors: which labs, with which variables and fixtures, and a run of them on
 * one cluster (reset, then every step's checks before and after its reference solution).
 */
import { inputError, messageOf } from '../errors.js';
import type { Lab, Problem } from '../core/lab.js';
import { describeOwned, type OwnedTargets, ownedTargets } from '../core/labNamespaces.js';
import { resolveVariables } from '../core/labVariables.js';
import type { ClusterCapabilities, ClusterTarget } from '../core/ports.js';
import { isCheck } from '../core/grading/checkerShape.js';
import { createGrader } from '../core/grading/grader.js';
import { runLabTest } from '../core/labTest/runLabTest.js';
import type { LabTestEvent, LabTestReport, LoadedFixture } from '../core/labTest/types.js';
import { createCheckerLoader } from '../adapters/checkers/loadChecker.js';
import { type ClusterSession, connectCluster, openCluster } from '../adapters/connect.js';
import type { KubeTransport } from '../adapters/kube/transport.js';
import { listMarkedNamespaces, type RunMarks, startRunMarks } from '../adapters/kube/runMarks.js';
import { agoText, freshRunId, staleRuns } from '../core/labTest/runMarks.js';
import { type LabLocation, loadLabAt } from '../adapters/fs/labRepository.js';
import { createLabApplier } from '../adapters/solutions/labApplier.js';
import { loadFixtures } from '../adapters/solutions/loadFixtures.js';
import { deleteNamespaces, releasePorts } from '../adapters/solutions/resetLab.js';
import { createLabWorkspace } from '../core/labTest/labWorkspace.js';
import { inParallel } from './inParallel.js';
import type { AttendeeAccess } from './workshop/attendeeAccess.js';
import { attendeeCluster } from './workshop/attendeeCluster.js';

export interface PlannedLab {
  lab: Lab;
  vars: Record<string, string>;
  fixtures: LoadedFixture[];
  /** `--step` / `--fixture`: test this step only. */
  onlyStep?: string;
}

/**
 * Loads the labs with their variables and fixtures; any content problem (each passed to
 * `onProblem`) stops the run before the cluster is touched (exit 2).
 */
export function planLabTests(
  locations: readonly LabLocation[],
  varFlags: readonly string[],
  env: NodeJS.ProcessEnv,
  onProblem: (problem: Problem) => void,
): PlannedLab[] {
  if (locations.length === 0)
    throw inputError('no labs found', 'run it in a folder holding labs/, or name the labs to test');
  const labs: Lab[] = [];
  let problems = 0;
  for (const location of locations) {
    const loaded = loadLabAt(location);
    if (loaded.lab && loaded.problems.length === 0) {
      labs.push(loaded.lab);
      continue;
    }
    problems += loaded.problems.length;
    for (const problem of loaded.problems) onProblem(problem);
  }
  if (problems > 0) {
    throw inputError(
      `lab content has ${problems} problem${problems === 1 ? '' : 's'}; not testing on the cluster`,
      'fix them (see `labs validate`), then run `labs test` again',
    );
  }
  return labs.map((lab) => {
    const vars = resolveVariables(lab, varFlags, env);
    return { lab, vars, fixtures: loadFixtures(lab, vars) };
  });
}

/** What the resets of every planned lab delete, in words, each namespace and object named once. */
export function ownedByPlan(plan: readonly PlannedLab[]): string {
  const targets: OwnedTargets[] = plan.map(({ lab, vars }) => ownedTargets(lab, vars));
  const objects = new Map(
    targets
      .flatMap((target) => target.objects)
      .map((object) => [`${object.kind}/${object.namespace ?? ''}/${object.name}`, object]),
  );
  return describeOwned(
    {
      namespaces: [...new Set(targets.flatMap((target) => target.namespaces))],
      objects: [...objects.values()],
    },
    plan.every(({ lab }) => lab.where === 'workshop') ? 'workshop' : undefined,
  );
}

export interface LabTestRun {
  target: ClusterTarget;
  capabilities(): Promise<ClusterCapabilities>;
  /**
   * Tests the labs, `jobs` at a time (each in namespaces of its own); events arrive in plan
   * order, one lab after the other, whatever order the labs finish in.
   */
  run(
    plan: readonly PlannedLab[],
    options: {
      keep: boolean;
      jobs?: number;
      signal: AbortSignal;
      onEvent(event: LabTestEvent): void;
      /** A run that ends early says here which namespaces it asked to delete on its way out. */
      onNote?(message: string): void;
    },
  ): Promise<LabTestReport[]>;
  close(): void;
}

/** Opens the cluster and proves it can be read (exit 3 when not), before anything is reset. */
export async function openLabTestRun(options: {
  context: string | undefined;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** A workshop attendee: their scoped cluster, their namespaces, emptied (not deleted) by resets. */
  attendee?: AttendeeAccess;
}): Promise<LabTestRun> {
  const { attendee } = options;
  // An attendee's run stays in the workshop's namespaces: it neither marks nor sweeps namespaces.
  const connected = attendee ? undefined : await connectCluster({ context: options.context, env: options.env });
  const transport: KubeTransport | undefined = connected?.transport;
  const session = connected
    ? connected.session
    : attendeeCluster(await openCluster({ context: attendee!.contextName, env: attendee!.env }), attendee!);
  try {
    // An attendee may read their own namespace only.
    const probe = attendee ? attendee.config.namespaces[0]! : 'default';
    await session.reader.get('Namespace', probe, undefined, options.signal);
  } catch (error) {
    session.close();
    throw error;
  }
  const loadChecker = createCheckerLoader();
  const grader = createGrader({
    reader: session.reader,
    podExec: session.podExec,
    capabilities: () => session.capabilities(),
    loadChecker,
  });
  const applier = createLabApplier(session);
  const isPrecondition = async (lab: Lab, id: string): Promise<boolean> => {
    const checker = await loadChecker(lab, id);
    return isCheck(checker) && checker.precondition === true;
  };
  return {
    target: session.target,
    capabilities: () => session.capabilities(),
    async run(plan, { keep, jobs, signal, onEvent, onNote }) {
      // Under --keep (and for an attendee) the run stays in namespaces that are not its own: no marks.
      const marked = keep || !transport ? undefined : await startMarkedRun(transport, session, signal, onNote);
      const runId = marked?.runId ?? freshRunId(new Set());
      const marks = marked?.marks;
      const testOne = async ({ lab, vars, fixtures, onlyStep }: PlannedLab, emit: (event: LabTestEvent) => void) => {
        // --keep leaves the state for inspection under the lab's own names.
        const workspace = createLabWorkspace(
          lab,
          vars,
          // An attendee's namespaces are the workshop's: the run stays in them.
          { runId, move: !keep && !attendee },
          {
            applier,
            grader,
            reader: session.reader,
            deleteNamespaces: (names, deleteSignal) =>
              deleteNamespaces(session, names, deleteSignal ? { signal: deleteSignal } : {}),
            releasePorts: (names, releaseSignal) =>
              releasePorts(session, names, releaseSignal ? { signal: releaseSignal } : {}),
            ...(marks ? { markNamespaces: marks.mark } : {}),
          },
        );
        let ended: LabTestReport | undefined;
        let report: LabTestReport;
        try {
          report = await runLabTest(
            lab,
            { vars, fixtures, keep, signal, ...(onlyStep === undefined ? {} : { onlyStep }) },
            {
              grader: workspace.grader,
              applier: workspace.applier,
              isPrecondition,
              now: () => Date.now(),
              // lab-end waits until the deletion of the run's namespaces is asked for, so it is sent below.
              onEvent: (event) => (event.type === 'lab-end' ? (ended = event.report) : emit(event)),
            },
          );
        } catch (error) {
          // The run's suffixed namespaces would outlive it: the next run picks other names.
          const left = await workspace.abandon();
          if (left.namespaces.length > 0) onNote?.(abandonedNote(lab, left, session.target.context));
          throw error;
        }
        const problem = await workspace.finish(signal);
        if (problem && !report.error) {
          report.error = problem;
          report.status = report.status === 'ok' ? 'error' : report.status;
          report.cleanedUp = false;
        }
        emit({ type: 'lab-end', lab, report: ended ?? report });
        return report;
      };
      // On a failure (Ctrl-C) it returns once every lab started has asked for its namespaces' deletion.
      try {
        return await inParallel(plan, Math.max(1, jobs ?? plan.length), testOne, onEvent);
      } finally {
        await marks?.stop();
      }
    },
    close: () => session.close(),
  };
}

/**
 * Deletes, in the background, the namespaces of earlier runs that were killed before they could
 * clean up (their marks unrefreshed for STALE_AFTER_MS by the API server's clock), picks this
 * run's id among those not in use and starts marking on the server's clock. A cluster that will
 * not list namespaces (RBAC) just skips the sweep.
 */
async function startMarkedRun(
  transport: KubeTransport,
  session: ClusterSession,
  signal: AbortSignal,
  onNote: ((message: string) => void) | undefined,
): Promise<{ runId: string; marks: RunMarks }> {
  let listed: Awaited<ReturnType<typeof listMarkedNamespaces>> = { namespaces: [], clockOffsetMs: 0 };
  try {
    listed = await listMarkedNamespaces(transport, AbortSignal.any([signal, AbortSignal.timeout(10_000)]));
  } catch {
    // Not allowed to list namespaces, slow, or interrupted: the run goes on without the sweep.
  }
  const now = Date.now() + listed.clockOffsetMs;
  const runId = freshRunId(new Set(listed.namespaces.map((namespace) => namespace.run)));
  const stale = staleRuns(listed.namespaces, now, runId);
  const names = stale.flatMap((run) => run.namespaces);
  const marked = { runId, marks: startRunMarks(transport, runId, { now: () => Date.now() + listed.clockOffsetMs }) };
  if (names.length === 0 || signal.aborted) return marked;
  try {
    await deleteNamespaces(session, names, { signal });
    for (const run of stale) {
      const count = `${run.namespaces.length} namespace${run.namespaces.length === 1 ? '' : 's'}`;
      onNote?.(
        `deleting ${count} left by an earlier labs test run that stopped without cleaning up ` +
          `(run ${run.run}, last seen ${agoText(run.lastSeen, now)}): ${run.namespaces.join(' ')}`,
      );
    }
  } catch (error) {
    if (!signal.aborted) {
      onNote?.(
        `could not delete the namespaces earlier labs test runs left (${messageOf(error)}); ` +
          `delete them with: kubectl --context ${session.target.context} delete namespace ${names.join(' ')}`,
      );
    }
  }
  return marked;
}

function abandonedNote(lab: Lab, left: { namespaces: string[]; error?: string }, context: string): string {
  const names = left.namespaces.join(' ');
  return left.error
    ? `${lab.id}: could not delete the namespaces this run made (${left.error}); delete them with: kubectl --context ${context} delete namespace ${names}`
    : `${lab.id}: the run stopped early; its namespaces are being deleted in the background: ${names}`;
}
