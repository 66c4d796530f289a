/**
 * Applies a step's `setup:` when the learner begins the step afresh (a new lab, or the next step
 * reached by passing one), as `labs jump` does at the start of a step. The setup is hidden from
 * the learner: a progress line says it runs, its own output is never shown, and a failure is an
 * error notice with the reason (the failing command's stderr).
 */
import { useEffect, useRef } from 'react';
import type { Lab } from '../core/lab.js';
import type { LabProgress } from '../core/progress.js';
import { needsSetup } from '../core/progressChanges.js';
import type { Mode } from '../core/stepState/types.js';
import type { ConnectedCluster } from '../ui/services.js';
import { errorText } from './useGrading.js';
import { useLatest } from './useLatest.js';

export interface StepSetupOptions {
  lab: Lab;
  stepId: string;
  progress: LabProgress;
  mode: Mode;
  cluster: ConnectedCluster | undefined;
  vars: Readonly<Record<string, string>>;
  /** The progress line, e.g. `setting up "The app is broken"…`. */
  onStarted(text: string): void;
  onFinished(result: { step: string; error?: string }): void;
}

export function useStepSetup(options: StepSetupOptions): void {
  const latest = useLatest(options);
  // Tried once per step and guide, so a failed setup is not retried in a loop; reopening the lab retries it.
  const tried = useRef(new Set<string>());
  const running = useRef(new Set<AbortController>());
  const { cluster, stepId, lab } = options;
  // A rebuild applies the step's setup itself.
  const due = options.mode.kind !== 'resetting' && needsSetup(lab, options.progress, stepId);
  useEffect(() => {
    if (!due || !cluster?.setupStep || tried.current.has(stepId)) return;
    tried.current.add(stepId);
    const step = lab.steps.find((s) => s.id === stepId)!;
    const abort = new AbortController();
    latest.current.onStarted(`setting up "${step.title}"…`);
    running.current.add(abort);
    const settle = (): boolean => running.current.delete(abort) && !abort.signal.aborted;
    cluster.setupStep(lab, stepId, latest.current.vars, { signal: abort.signal }).then(
      () => {
        if (settle()) latest.current.onFinished({ step: stepId });
      },
      (error: unknown) => {
        if (!settle()) return;
        const reason = errorText(error)
          .trim()
          .replace(/\s*\n\s*/g, ': ');
        latest.current.onFinished({ step: stepId, error: `could not set up the step: ${reason}` });
      },
    );
  }, [due, cluster, stepId, lab, latest]);
  // A setup runs to its end when the learner moves to another step meanwhile; quitting stops it.
  useEffect(() => {
    const setups = running.current;
    return () => setups.forEach((abort) => abort.abort(new Error('the guide closed')));
  }, []);
}
