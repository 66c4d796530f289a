/**
 * Compares the learner's objects with the step's reference solution when the state asks (mode
 * explaining, key d): the same comparison as `labs check --explain`.
 */
import { useEffect } from 'react';
import type { ObjectExplanation } from '../core/explain/explainStep.js';
import type { Lab } from '../core/lab.js';
import type { Mode } from '../core/stepState/types.js';
import type { ConnectedCluster } from '../ui/services.js';
import { errorText } from './useGrading.js';
import { useLatest } from './useLatest.js';

export interface ExplainOptions {
  mode: Mode;
  cluster: ConnectedCluster | undefined;
  lab: Lab;
  stepId: string;
  vars: Readonly<Record<string, string>>;
  onExplained(stepId: string, explanations: ObjectExplanation[]): void;
  onFailed(message: string): void;
}

export function useExplain(options: ExplainOptions): void {
  const latest = useLatest(options);
  const run = options.mode.kind === 'explaining' ? options.mode.run : undefined;
  useEffect(() => {
    const current = latest.current;
    if (current.mode.kind !== 'explaining') return;
    const { stepId } = current;
    const explain = current.cluster?.explain;
    if (!explain) {
      current.onFailed('comparing with the solution is not available in this build');
      return;
    }
    let left = false;
    explain(current.lab, stepId, current.vars).then(
      (explanations) => {
        if (!left) latest.current.onExplained(stepId, explanations);
      },
      (error: unknown) => {
        if (!left) latest.current.onFailed(`could not compare with the solution: ${errorText(error)}`);
      },
    );
    return () => {
      left = true;
    };
  }, [run, latest]);
}
