/** Rebuilds the cluster state at the start of a step when the state asks (mode resetting). */
import { useEffect } from 'react';
import type { Lab } from '../core/lab.js';
import type { Mode } from '../core/stepState/types.js';
import type { ConnectedCluster } from '../ui/services.js';
import { errorText } from './useGrading.js';
import type { OutputPane } from './useOutputPane.js';
import { useLatest } from './useLatest.js';

export interface StepRebuildOptions {
  mode: Mode;
  cluster: ConnectedCluster | undefined;
  lab: Lab;
  vars: Readonly<Record<string, string>>;
  output: OutputPane;
  onFinished(result: { error?: string; answersByStep?: Record<string, Record<string, string>> }): void;
}

export function useStepRebuild(options: StepRebuildOptions): void {
  const latest = useLatest(options);
  const run = options.mode.kind === 'resetting' ? options.mode.run : undefined;
  useEffect(() => {
    const current = latest.current;
    if (current.mode.kind !== 'resetting') return;
    const step = current.lab.steps[current.mode.target];
    const cluster = current.cluster;
    if (!step || !cluster?.rebuildStep) {
      current.onFinished({ error: 'rebuilding a step is not available in this build' });
      return;
    }
    const abort = new AbortController();
    current.output.start(`rebuilding the cluster for the start of "${step.title}"`);
    cluster
      .rebuildStep(current.lab, step.id, current.vars, {
        signal: abort.signal,
        onLine: (line, stream) => latest.current.output.append(line, stream),
      })
      .then(
        (answersByStep) => {
          if (!abort.signal.aborted) latest.current.onFinished({ answersByStep });
        },
        (error: unknown) => {
          if (!abort.signal.aborted)
            latest.current.onFinished({ error: `could not rebuild the step: ${errorText(error)}` });
        },
      );
    return () => abort.abort(new Error('rebuild left'));
  }, [run, latest]);
}
