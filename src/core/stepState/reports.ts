/** Gradings in the step state: merging a partial one, and recording what a grading says. */
import { overallStatus, type StepReport } from '../grading/types.js';
import { recordAnswer, recordCheck, recordGrading, stepProgress } from '../progress.js';
import type { Notice, StepState } from './types.js';

const withNotice = (state: StepState, text: string, tone: Notice['tone']): StepState => ({
  ...state,
  notice: { text, tone },
});

export interface MergedReport {
  /** Never `passed`: the other checks' results may be old, and the cluster may have changed since. */
  report: StepReport;
  /** Every result known passes: only a full grading of the step can tell whether it passed. */
  needsFullGrading: boolean;
}

/** A grading of some checks only (e.g. one answer) merged into the step's last full report, for display. */
export function mergeReport(state: StepState, partial: StepReport): MergedReport {
  const before = state.reports[partial.step];
  const graded = new Map(partial.checks.map((check) => [check.id, check]));
  const checks = before
    ? [
        ...before.checks.map((check) => graded.get(check.id) ?? check),
        ...partial.checks.filter((check) => !before.checks.some((b) => b.id === check.id)),
      ]
    : partial.checks;
  const status = overallStatus(checks);
  return {
    report: { ...partial, checks, status: status === 'passed' ? 'incomplete' : status },
    needsFullGrading: status === 'passed',
  };
}

/** Records a grading in the progress: a pass marks the step passed; answers learn if they were right. */
export function applyReport(state: StepState, report: StepReport, at: string, record: boolean): StepState {
  let progress = state.progress;
  for (const check of report.checks) {
    if (check.kind !== 'question' || (check.status !== 'pass' && check.status !== 'fail')) continue;
    const answer = stepProgress(progress, report.step).answers[check.id];
    if (answer)
      progress = recordAnswer(progress, report.step, check.id, answer.value, check.status === 'pass', answer.at);
  }
  const passed = report.status === 'passed';
  // Incomplete because checks were skipped (no data plane) is a verdict worth keeping: the step
  // cannot pass here. Incomplete because only some checks ran (one answer) is not.
  const blocked = report.status === 'incomplete' && report.checks.some((check) => check.status === 'skipped');
  if (passed || blocked || (record && report.status !== 'incomplete'))
    progress = recordGrading(progress, report.step, report.status, at);
  else if (record) progress = recordCheck(progress, report.step, false, at);
  const wasPassed = state.reports[report.step]?.status === 'passed';
  // A comparison with the solution says what was wrong; once the step passes it would only mislead.
  const { [report.step]: _explained, ...explanations } = state.explanations;
  const next: StepState = {
    ...state,
    progress,
    reports: { ...state.reports, [report.step]: report },
    explanations: passed ? explanations : state.explanations,
  };
  if (passed && !wasPassed) {
    const last = state.stepIndex === state.outline.steps.length - 1;
    return withNotice(
      next,
      last ? 'Step passed: press n for the summary' : 'Step passed: press n for the next step',
      'success',
    );
  }
  return next;
}
