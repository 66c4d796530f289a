/**
 * Where one lab's `labs test` run works. Each reset moves it to fresh namespaces (the lab's
 * `namespace` variable with a run suffix, e.g. demos-k3x1-2) and deletes the old ones in the
 * background, so nothing waits for a namespace to terminate until the end of the run. Every
 * grading waits first for the state to settle (see settle.ts) and hands the checks a probe of it,
 * so a verdict does not depend on how fast the machine is.
 */
import { messageOf } from '../../errors.js';
import type { Lab } from '../lab.js';
import { ownedTargets } from '../labNamespaces.js';
import type { Grader, SettledState } from '../grading/types.js';
import type { ClusterReader } from '../ports.js';
import { createSettleTracker } from './settle.js';
import type { AppliedFixture, LabApplier } from './types.js';

/** How long a grading waits for the state to settle before it grades anyway, with a note. */
export const SETTLE_TIMEOUT_MS = 60_000;
const MAX_NAMESPACE_LENGTH = 63;

export interface LabWorkspaceDeps {
  applier: LabApplier;
  grader: Grader;
  reader: ClusterReader;
  /** Asks for the deletion of namespaces; returns once it is asked for, not once they are gone. */
  deleteNamespaces(names: readonly string[], signal?: AbortSignal): Promise<void>;
  /**
   * Frees the node ports that objects in the namespaces hold, waiting until they are free. Without
   * it, a lab with a `port` variable resets in place: namespaces deleted in the background would
   * still hold the port when the fresh ones ask for it.
   */
  releasePorts?(namespaces: readonly string[], signal?: AbortSignal): Promise<void>;
  /**
   * Marks namespaces the run may have made by now, so that a later run can delete them if this
   * one is killed before it cleans up. Called as each change starts and after it, for moved
   * namespaces only.
   */
  markNamespaces?(names: readonly string[]): void;
  now?: () => number;
  settleTimeoutMs?: number;
}

export interface LabWorkspace {
  applier: LabApplier;
  grader: Grader;
  /** The namespaces the run moved through, for the report. */
  namespaces(): string[];
  /**
   * Asks for the deletion of every namespace the run used without waiting until they are gone: the
   * next run picks other names, and the namespace controller finishes on its own (a later run's
   * sweep deletes what a failed deletion left). Their node ports are free by then: the run's last
   * reset moved on like every other, freeing them first. Resolves to an error message or undefined.
   */
  finish(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * For a run that ends early (interrupted, or a fatal error): asks for the deletion of every
   * namespace it used without waiting, since the next run picks other names and would never
   * delete these. Resolves to what it asked for and, when that failed, why.
   */
  abandon(): Promise<{ namespaces: string[]; error?: string }>;
}

/** How long `abandon` may take to ask for the deletion (the caller is on its way out). */
export const ABANDON_TIMEOUT_MS = 5000;

/**
 * The lab's variables with the namespace moved to generation `generation` of run `runId`, or
 * undefined when the lab cannot move: no `namespace` variable, owned objects outside its
 * namespaces, or names that would grow too long.
 */
export function movedVars(
  lab: Lab,
  vars: Readonly<Record<string, string>>,
  runId: string,
  generation: number,
): Record<string, string> | undefined {
  const base = vars['namespace'];
  if (base === undefined || !lab.manifest.variables?.['namespace']) return undefined;
  const moved = { ...vars, namespace: `${base}-${runId}-${generation}` };
  const owned = ownedTargets(lab, moved);
  const original = new Set(ownedTargets(lab, vars).namespaces);
  if (owned.objects.length > 0 || owned.namespaces.some((name) => original.has(name))) return undefined;
  if (owned.namespaces.some((name) => name.length > MAX_NAMESPACE_LENGTH)) return undefined;
  return moved;
}

/** One change that made the state of a run's namespaces: a step's setup or its solution. */
interface Change {
  what: 'setup' | 'solution';
  step: string;
}
const sameChange = (a: Change, b: Change | undefined): boolean => a.what === b?.what && a.step === b.step;

/** A copy of the state a step starts from, built in fresh namespaces while a fixture is graded. */
interface Spare {
  vars: Record<string, string>;
  /** The changes it replays, in order. */
  history: Change[];
  /** Answers by step; rejects when a change did not apply (the copy is then not used). */
  built: Promise<Map<string, Record<string, string>>>;
}

export function createLabWorkspace(
  lab: Lab,
  vars: Readonly<Record<string, string>>,
  options: { runId: string; move: boolean },
  deps: LabWorkspaceDeps,
): LabWorkspace {
  const timeoutMs = deps.settleTimeoutMs ?? SETTLE_TIMEOUT_MS;
  // A port variable (a NodePort) is global to the cluster: before the run moves on, the namespaces
  // it leaves free their ports, or the fresh ones could not take them. Without that, it resets in place.
  const holdsPorts = Object.values(lab.manifest.variables).some((variable) => variable.type === 'port');
  const { releasePorts } = deps;
  const moving =
    options.move && (!holdsPorts || releasePorts !== undefined) && movedVars(lab, vars, options.runId, 0) !== undefined;
  let generation = 0;
  const fresh = (): Record<string, string> => movedVars(lab, vars, options.runId, ++generation)!;
  let current: Readonly<Record<string, string>> = moving ? fresh() : vars;
  /** The setups and solutions the current namespaces hold, in the order they were applied. */
  let history: Change[] = [];
  /** Changes a restore asks for that the spare it switched to already holds. */
  let replay: { change: Change; answers: Promise<Map<string, Record<string, string>>> }[] = [];
  let spare: Spare | undefined;
  const used = new Set<string>();
  const deletions: Promise<unknown>[] = [];
  const ownedBy = (of: Readonly<Record<string, string>>): string[] => ownedTargets(lab, of).namespaces;
  const tracker = createSettleTracker({
    reader: deps.reader,
    namespaces: () => ownedBy(current),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const here = (given: Readonly<Record<string, string>>): Record<string, string> => ({ ...given, ...current });
  /**
   * Marks the namespaces something was applied in (a fresh one nobody used yet may never exist):
   * as a change into them starts (one not made yet is tried again at the next heartbeat) and
   * after every change, so that a run killed during a long solution leaves them marked.
   */
  const mark = (of: Readonly<Record<string, string>>): void => {
    if (moving) deps.markNamespaces?.(ownedBy(of).filter((name) => used.has(name)));
  };
  const use = (of: Readonly<Record<string, string>>): void => {
    ownedBy(of).forEach((name) => used.add(name));
    mark(of);
  };
  const dropLater = (of: Readonly<Record<string, string>>, signal?: AbortSignal): void => {
    deletions.push(deps.deleteNamespaces(ownedBy(of), signal).catch(() => undefined));
  };
  const sameHistory = (a: readonly Change[], b: readonly Change[]): boolean =>
    a.length === b.length && a.every((change, index) => sameChange(change, b[index]));
  /** Whether every change of the copy applied: a partly built copy holds another state. */
  const whole = (copy: Spare): Promise<boolean> =>
    copy.built.then(
      () => true,
      () => false,
    );
  /** Fixtures that created a namespace: deleting it waits for the namespace to be finalized. */
  const madeNamespace = new WeakSet<AppliedFixture>();

  const buildSpare = (signal?: AbortSignal): void => {
    // A copy built beside the namespaces in use would ask for the ports they hold.
    if (holdsPorts || history.length === 0 || (spare && sameHistory(spare.history, history))) return;
    if (spare) {
      const stale = spare;
      deletions.push(stale.built.catch(() => undefined).then(() => dropLater(stale.vars, signal)));
    }
    const spareVars = fresh();
    use(spareVars);
    const changes = [...history];
    const built = (async () => {
      const answers = new Map<string, Record<string, string>>();
      for (const { what, step } of changes) {
        try {
          if (what === 'setup') await deps.applier.applySetup?.(lab, step, spareVars, signal);
          else answers.set(step, await deps.applier.applySolution(lab, step, spareVars, signal));
        } finally {
          mark(spareVars);
        }
      }
      return answers;
    })();
    built.catch(() => undefined);
    spare = { vars: spareVars, history: changes, built };
  };

  /** Moves the run on to `next`; the namespaces it leaves are deleted in the background. */
  const moveTo = async (next: Record<string, string>, signal?: AbortSignal): Promise<void> => {
    if (holdsPorts && releasePorts) await releasePorts(ownedBy(current), signal);
    dropLater(current, signal);
    current = next;
    replay = [];
  };

  /**
   * Removes a fixture that only created objects by moving on to namespaces that hold the state
   * before it, the old ones deleted in the background, instead of deleting its objects and waiting
   * until its pods have terminated or the namespace it made is finalized (~5 s each on the test
   * cluster). Free before the first setup or solution: fresh namespaces are that state. After it,
   * only for a fixture that made a namespace, from the copy built while it was graded. False:
   * delete instead.
   */
  const movedAway = async (applied: AppliedFixture, signal?: AbortSignal): Promise<boolean> => {
    if (!moving) return false;
    if (history.length === 0) {
      await moveTo(fresh(), signal);
      return true;
    }
    const copy = spare;
    if (!madeNamespace.has(applied) || !copy || !sameHistory(copy.history, history)) return false;
    // A copy that did not build holds another state: delete the fixture's objects instead.
    if (!(await whole(copy))) return false;
    await moveTo(copy.vars, signal);
    spare = undefined;
    return true;
  };

  /** Runs a change of the state; whatever the settle probe read before it ended is stale. */
  const changing = async <T>(change: () => Promise<T>): Promise<T> => {
    try {
      return await change();
    } finally {
      tracker.changed();
      mark(current);
    }
  };

  const changes: Required<LabApplier> = {
    async reset(resetLab, given, signal) {
      if (!moving) return deps.applier.reset(resetLab, given, signal);
      // Nothing was made here yet: these namespaces are as fresh as new ones. Resetting them
      // deletes nothing, and proves kubectl works before any step is judged.
      if (!ownedBy(current).some((name) => used.has(name))) return deps.applier.reset(resetLab, current, signal);
      // The old namespaces go in the background; nobody waits for them to terminate.
      const copy = spare;
      if (copy && sameHistory(copy.history, history) && (await whole(copy))) {
        await moveTo(copy.vars, signal);
        replay = copy.history.map((change) => ({ change, answers: copy.built }));
        spare = undefined;
      } else await moveTo(fresh(), signal);
      history = [];
    },
    async applySolution(solveLab, stepId, given, signal) {
      use(current);
      const change: Change = { what: 'solution', step: stepId };
      const next = replay.shift();
      history.push(change);
      if (next && sameChange(change, next.change)) {
        const answers = await next.answers.then(
          (built) => built.get(stepId),
          () => undefined,
        );
        if (answers) return answers;
      } else replay = [];
      return deps.applier.applySolution(solveLab, stepId, here(given), signal);
    },
    async applyFixture(fixtureLab, fixture, given, signal) {
      use(current);
      const applied = await deps.applier.applyFixture(fixtureLab, fixture, here(given), signal);
      if (applied.createdOnly && fixture.apply.some((object) => object['kind'] === 'Namespace'))
        madeNamespace.add(applied);
      // The runner restores the state after this fixture (or removes it by moving on to the copy):
      // have the copy ready by then.
      if (moving && (!applied.createdOnly || madeNamespace.has(applied))) buildSpare(signal);
      return applied;
    },
    async removeFixture(fixtureLab, applied, signal) {
      if (!(await movedAway(applied, signal))) await deps.applier.removeFixture(fixtureLab, applied, signal);
    },
    async applySetup(setupLab, stepId, given, signal) {
      use(current);
      const change: Change = { what: 'setup', step: stepId };
      const next = replay.shift();
      history.push(change);
      // The copy the run switched to ran this setup already.
      if (next && sameChange(change, next.change)) return;
      replay = [];
      await deps.applier.applySetup?.(setupLab, stepId, here(given), signal);
    },
  };
  const applier: LabApplier = {
    reset: (...args) => changing(() => changes.reset(...args)),
    applySolution: (...args) => changing(() => changes.applySolution(...args)),
    applyFixture: (...args) => changing(() => changes.applyFixture(...args)),
    removeFixture: (...args) => changing(() => changes.removeFixture(...args)),
    applySetup: (...args) => changing(() => changes.applySetup(...args)),
  };

  const grader: Grader = {
    async gradeStep(gradeLab, stepId, gradeOptions) {
      const state = await tracker.waitSettled(timeoutMs, gradeOptions.signal);
      const report = await deps.grader.gradeStep(gradeLab, stepId, {
        ...gradeOptions,
        vars: here(gradeOptions.vars),
        settle: tracker.probe,
      });
      if (state.settled) return report;
      const note = unsettledNote(state, timeoutMs);
      return { ...report, checks: report.checks.map((check) => ({ ...check, message: `${check.message} ${note}` })) };
    },
  };

  return {
    applier,
    grader,
    namespaces: () => [...used],
    async finish(signal) {
      if (spare) await spare.built.catch(() => undefined);
      await Promise.all(deletions);
      if (!moving) return undefined;
      try {
        await deps.deleteNamespaces([...used], signal);
        return undefined;
      } catch (error) {
        return `could not delete the namespaces of the run: ${messageOf(error)}`;
      }
    },
    async abandon() {
      // A copy still being built may create a namespace after the deletion is asked for.
      if (spare) await spare.built.catch(() => undefined);
      const namespaces = moving ? [...used] : [];
      if (namespaces.length === 0) return { namespaces };
      try {
        // Not the run's signal: it is the one that was aborted.
        await deps.deleteNamespaces(namespaces, AbortSignal.timeout(ABANDON_TIMEOUT_MS));
        return { namespaces };
      } catch (error) {
        return { namespaces, error: messageOf(error) };
      }
    },
  };
}

function unsettledNote(state: SettledState, timeoutMs: number): string {
  const shown = state.pending.slice(0, 3).join('; ');
  const more = state.pending.length > 3 ? ` and ${state.pending.length - 3} more` : '';
  return `(graded on a state that had not settled after ${Math.round(timeoutMs / 1000)} s: ${shown}${more})`;
}
