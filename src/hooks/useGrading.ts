/**
 * Grading effects: the check the state asks for (mode checking), and auto-check, which re-grades
 * the current step whenever the cluster changes for as long as it is on: after a pass (a learner
 * may break the step again), after a failure, after a manual check. While the step fails it is
 * also re-graded on a backing-off timer, for failures that clear with no object changing.
 * A re-grade that takes a while (a busy machine, a check that curls) is said while it runs, so the
 * results shown are not taken for the cluster's state of now.
 */
import { useEffect, useRef, useState } from 'react';
import type { Lab } from '../core/lab.js';
import type { StepReport } from '../core/grading/types.js';
import type { Mode } from '../core/stepState/types.js';
import type { ConnectedCluster } from '../ui/services.js';
import { useLatest } from './useLatest.js';
import { startFailingRegrade } from '../core/grading/failingRegrade.js';
import { messageOf } from '../errors.js';

export interface GradingOptions {
  mode: Mode;
  cluster: ConnectedCluster | undefined;
  lab: Lab;
  stepId: string;
  vars: Readonly<Record<string, string>>;
  /** The learner's answers for the current step, by question id. */
  answers: Readonly<Record<string, string>>;
  autoCheck: boolean;
  /** The current step's latest grading failed: auto-check also re-grades it on a timer. */
  failing: boolean;
  /** That timer's delays (default FAILING_REGRADE_DELAYS_MS). */
  failingRegradeMs?: readonly number[];
  onChecked(report: StepReport): void;
  onCheckFailed(message: string): void;
  onAutoReport(report: StepReport): void;
  /** The watcher failed (grading threw): auto-check turns off, saying why. */
  onAutoCheckStopped(message: string): void;
  onNote(message: string, tone: 'info' | 'error'): void;
}

/** An auto-check grading running longer than this is shown as "checking again". */
export const SLOW_REGRADE_MS = 1000;

export const errorText = (error: unknown): string => {
  const message = messageOf(error);
  const next = (error as { nextStep?: string }).nextStep;
  return next ? `${message} (next: ${next})` : message;
};

/** Whether an auto-check re-grade has been running for SLOW_REGRADE_MS or more. */
export function useGrading(options: GradingOptions): { regrading: boolean } {
  const latest = useLatest(options);
  const [regrading, setRegrading] = useState(false);
  const { mode, cluster, stepId, autoCheck } = options;
  const run = mode.kind === 'checking' ? mode.run : undefined;

  useEffect(() => {
    const current = latest.current;
    if (current.mode.kind !== 'checking' || !current.cluster) return;
    const abort = new AbortController();
    current.cluster.grader
      .gradeStep(current.lab, current.stepId, {
        answers: current.answers,
        vars: current.vars,
        signal: abort.signal,
        ...(current.mode.only ? { only: current.mode.only } : {}),
      })
      .then(
        (report) => {
          if (!abort.signal.aborted) latest.current.onChecked(report);
        },
        (error: unknown) => {
          if (!abort.signal.aborted) latest.current.onCheckFailed(`could not check: ${errorText(error)}`);
        },
      );
    return () => abort.abort(new Error('check left'));
  }, [run, latest]);

  // Auto-check pauses while the cluster is being rebuilt, and starts afresh afterwards.
  const watching = autoCheck && mode.kind !== 'resetting' && cluster?.watchStep !== undefined;
  const regrade = useRef<(() => void) | undefined>(undefined);
  // A watcher that ends on its own is started again: auto-check never goes quiet while it is on.
  const [restarts, setRestarts] = useState(0);
  useEffect(() => {
    const current = latest.current;
    if (!watching || !current.cluster?.watchStep) return;
    const abort = new AbortController();
    let slow: ReturnType<typeof setTimeout> | undefined;
    const onGrading = (grading: boolean): void => {
      clearTimeout(slow);
      if (grading) slow = setTimeout(() => setRegrading(true), SLOW_REGRADE_MS);
      else setRegrading(false);
    };
    current.cluster
      .watchStep(current.lab, stepId, {
        answers: current.answers,
        vars: current.vars,
        signal: abort.signal,
        currentAnswers: () => latest.current.answers,
        onReady: (trigger) => {
          regrade.current = trigger;
        },
        onReport: (report) => {
          if (!abort.signal.aborted) latest.current.onAutoReport(report);
        },
        onNote: (note) => latest.current.onNote(note, 'info'),
        onGrading,
        keepWatching: true,
      })
      .then(
        () => {
          if (!abort.signal.aborted) setRestarts((count) => count + 1);
        },
        (error: unknown) => {
          if (!abort.signal.aborted) latest.current.onAutoCheckStopped(errorText(error));
        },
      );
    return () => {
      regrade.current = undefined;
      clearTimeout(slow);
      setRegrading(false);
      abort.abort(new Error('auto-check left'));
    };
  }, [watching, cluster, stepId, latest, restarts]);

  // Some failures clear with no API change (DNS, readiness): re-grade a failing step on a timer too.
  const { failing, failingRegradeMs } = options;
  useEffect(() => {
    if (!watching || !failing) return;
    const timer = startFailingRegrade(() => regrade.current?.(), failingRegradeMs);
    return () => timer.stop();
  }, [watching, failing, failingRegradeMs, stepId, restarts]);

  // A new answer is a change outside the cluster: re-grade now.
  const answersKey = JSON.stringify(options.answers);
  useEffect(() => {
    regrade.current?.();
  }, [answersKey]);

  return { regrading };
}
