/**
 * One opened cluster with what labs do on it: grade, watch, apply a solution, reset, rebuild at a
 * step. The lab session and the terminal guide both work through it, so each verb is written once.
 */
import type { Lab } from '../core/lab.js';
import type { ClusterTarget } from '../core/ports.js';
import type { Grader, StepReport } from '../core/grading/types.js';
import { watchStep, type WatchStepOptions } from '../core/grading/watchStep.js';
import { createSessionGrader } from '../adapters/checkers/sessionGrader.js';
import type { ClusterSession } from '../adapters/connect.js';
import { applySolution, type SolutionOptions } from '../adapters/solutions/applySolution.js';
import { rebuildAtStep, type RebuildOptions } from '../adapters/solutions/rebuildAtStep.js';
import { applySetup } from '../adapters/solutions/applySetup.js';
import { resetLab, type ResetOptions, type ResetResult } from '../adapters/solutions/resetLab.js';
import { explainStep, type ObjectExplanation } from '../core/explain/explainStep.js';
import { literalAnswers, referenceObjects } from '../adapters/solutions/referenceObjects.js';

type Vars = Readonly<Record<string, string>>;

export interface LabCluster {
  readonly target: ClusterTarget;
  /** The raw session: its shell runs command blocks pinned to the lab context. */
  readonly session: ClusterSession;
  readonly grader: Grader;
  /** Grades, then re-grades on every change until the step settles or the signal aborts. */
  watch(lab: Lab, stepId: string, options: WatchStepOptions): Promise<StepReport>;
  /** Applies a step's reference solution; resolves to its reference answers by question id. */
  solve(lab: Lab, stepId: string, vars: Vars, options: SolutionOptions): Promise<Record<string, string>>;
  /** Deletes what the lab owns. */
  reset(lab: Lab, vars: Vars, options: ResetOptions): Promise<ResetResult>;
  /** Resets the lab and replays the solutions before `stepId`; resolves to their answers by step id. */
  rebuild(
    lab: Lab,
    stepId: string,
    vars: Vars,
    options: RebuildOptions,
  ): Promise<Record<string, Record<string, string>>>;
  /** Applies a step's setup, as a rebuild at that step ends with it. */
  setUp(lab: Lab, stepId: string, vars: Vars, options: SolutionOptions): Promise<void>;
  /** The learner's live objects against the step's reference solution; question answers stay hidden. */
  explain(lab: Lab, stepId: string, vars: Vars): Promise<ObjectExplanation[]>;
  close(): void;
}

export function labClusterOver(session: ClusterSession): LabCluster {
  const grader = createSessionGrader(session);
  return {
    target: session.target,
    session,
    grader,
    watch: (lab, stepId, options) => watchStep(grader, session.reader, lab, stepId, options),
    solve: async (lab, stepId, vars, options) => {
      const answers = await applySolution(session, lab, stepId, vars, options);
      // The learner moves on to the next step: it begins with its setup.
      const next = lab.steps[lab.steps.findIndex((step) => step.id === stepId) + 1];
      if (next) await applySetup(session, lab, next.id, vars, options);
      return answers;
    },
    reset: (lab, vars, options) => resetLab(session, lab, vars, options),
    rebuild: (lab, stepId, vars, options) => rebuildAtStep(session, lab, stepId, vars, options),
    setUp: (lab, stepId, vars, options) => applySetup(session, lab, stepId, vars, options),
    explain: (lab, stepId, vars) =>
      explainStep(
        session.reader,
        referenceObjects(lab, stepId, vars),
        vars['namespace'] ?? 'default',
        literalAnswers(lab, stepId),
      ),
    close: () => session.close(),
  };
}
