/**
 * One lab's guide without its layout: the pure step state wired to the effects (run a block,
 * check, auto-check, explain, rebuild, save). The full-screen guide (LabScreen) and the plain
 * transcript (PlainScreen) both drive it, so every key does the same thing in both.
 */
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { emptyStepProgress } from '../core/progress.js';
import { renderForShell, variablesEnv } from '../core/labVariables.js';
import { initialStepState, outlineOf, stepReducer } from '../core/stepState/reducer.js';
import type { ActionBody, ClusterState } from '../core/stepState/types.js';
import type { OutputLine } from '../core/stepState/lineBuffer.js';
import type { OpenedLab, SolutionFile, TuiServices } from '../ui/services.js';
import type { TranscriptEntry } from '../ui/Transcript.js';
import type { ClusterView } from './useCluster.js';
import { useCommandRunner } from './useCommandRunner.js';
import { useExplain } from './useExplain.js';
import { useGrading } from './useGrading.js';
import { useOutputPane } from './useOutputPane.js';
import { useProgressSave } from './useProgressSave.js';
import { useStepRebuild } from './useStepRebuild.js';
import { useStepSetup } from './useStepSetup.js';

const clusterState = (view: ClusterView): ClusterState =>
  view.status === 'ready' ? 'ready' : view.status === 'missing' ? 'missing' : 'connecting';

export interface GuideOptions {
  opened: OpenedLab;
  services: TuiServices;
  cluster: ClusterView;
  /** Called once the learner quits and progress is saved. */
  onExit(): void;
  /** Each line of a running block or rebuild as it arrives (the plain transcript prints them). */
  onOutputLine?(text: string, stream: OutputLine['stream']): void;
}

export function useGuide({ opened, services, cluster: clusterView, onExit, onOutputLine }: GuideOptions) {
  const { lab, vars } = opened;
  const [state, dispatch] = useReducer(stepReducer, undefined, () =>
    initialStepState({
      outline: outlineOf(lab),
      progress: opened.progress,
      stepIndex: opened.stepIndex,
      at: services.now().toISOString(),
      resetAvailable: services.canRebuild,
    }),
  );
  const send = useCallback(
    (action: ActionBody) => dispatch({ ...action, at: services.now().toISOString() }),
    [services],
  );
  const cluster = clusterView.status === 'ready' ? clusterView.cluster : undefined;
  const step = lab.steps[state.stepIndex]!;
  // The stored record, or one shared empty record: a fresh object each render would defeat the memos below.
  const stored = state.progress.steps[step.id];
  const record = useMemo(() => stored ?? emptyStepProgress(), [stored]);
  const report = state.reports[step.id];
  const { mode } = state;

  useEffect(() => send({ type: 'cluster-changed', cluster: clusterState(clusterView) }), [clusterView, send]);

  const saveFailed = useCallback((text: string) => send({ type: 'notice', notice: { text, tone: 'error' } }), [send]);
  useProgressSave(services.progress, opened.progress, state.progress, saveFailed);

  useEffect(() => {
    if (mode.kind === 'quitting') onExit();
  }, [mode.kind, onExit]);

  // A workshop attendee: the instructor's reset, while the guide is open, moves it to the reset's step.
  useEffect(() => {
    if (!services.followResets) return;
    const abort = new AbortController();
    services
      .followResets(lab, (progress) => send({ type: 'progress-replaced', progress }), abort.signal)
      // Not following resets costs the attendee nothing now: their next command still does.
      .catch(() => undefined);
    return () => abort.abort();
  }, [services, lab, send]);

  const [solutions, setSolutions] = useState<Record<string, readonly SolutionFile[]>>({});
  const revealed = record.solutionRevealedAt !== undefined;
  useEffect(() => {
    if (!revealed || solutions[step.id]) return;
    services.loadSolution(lab, step.id).then(
      (files) => setSolutions((before) => ({ ...before, [step.id]: files })),
      (error: unknown) =>
        send({
          type: 'notice',
          notice: { text: `could not read the solution: ${(error as Error).message}`, tone: 'error' },
        }),
    );
  }, [revealed, step.id, lab, services, solutions, send]);

  const answers = useMemo(
    () => Object.fromEntries(Object.entries(record.answers).map(([id, answer]) => [id, answer.value])),
    [record.answers],
  );

  const pane = useOutputPane();
  const output = useMemo(
    () =>
      onOutputLine
        ? {
            ...pane,
            append: (text: string, stream: OutputLine['stream']) => {
              pane.append(text, stream);
              onOutputLine(text, stream);
            },
          }
        : pane,
    [pane, onOutputLine],
  );
  const [transcript, setTranscript] = useState<TranscriptEntry[]>([]);
  // A new step starts with an empty output pane.
  useEffect(() => output.clear(), [state.stepIndex, output.clear]);

  useCommandRunner({
    mode,
    shell: cluster?.shell ?? services.offlineShell,
    // The same shell-safe text the confirmation and the step body show.
    scriptOf: (block) => renderForShell(step.commands[block]?.code ?? '', vars),
    output,
    env: variablesEnv(vars),
    ...(lab.assetsDir ? { cwd: lab.assetsDir } : {}),
    waitForCluster: clusterView.status === 'connecting',
    ...(services.commandTimeoutMs ? { timeoutMs: services.commandTimeoutMs } : {}),
    onFinished: (outcome, script) => {
      output.flush();
      const { lines, dropped } = output.snapshot();
      setTranscript((entries) => [...entries, { id: entries.length, script, lines, dropped, outcome }]);
      send({ type: 'command-finished', outcome });
    },
  });
  const { regrading } = useGrading({
    mode,
    cluster,
    lab,
    stepId: step.id,
    vars,
    answers,
    autoCheck: state.autoCheck && state.cluster === 'ready',
    failing: report?.status === 'failed',
    ...(services.failingRegradeMs ? { failingRegradeMs: services.failingRegradeMs } : {}),
    onChecked: (result) => send({ type: 'check-finished', report: result }),
    onCheckFailed: (message) => send({ type: 'check-failed', message }),
    onAutoReport: (result) => send({ type: 'auto-report', report: result }),
    onAutoCheckStopped: (message) => send({ type: 'auto-check-stopped', message }),
    onNote: (text, tone) => send({ type: 'notice', notice: { text, tone } }),
  });
  useExplain({
    mode,
    cluster,
    lab,
    stepId: step.id,
    vars,
    onExplained: (stepId, explanations) => send({ type: 'explain-finished', step: stepId, explanations }),
    onFailed: (message) => send({ type: 'explain-failed', message }),
  });
  useStepSetup({
    lab,
    stepId: step.id,
    progress: state.progress,
    mode,
    cluster,
    vars,
    onStarted: (text) => send({ type: 'notice', notice: { text, tone: 'info' } }),
    onFinished: (result) => send({ type: 'setup-finished', ...result }),
  });
  useStepRebuild({
    mode,
    cluster,
    lab,
    vars,
    output,
    onFinished: (result) => send({ type: 'reset-finished', ...result }),
  });

  return { lab, vars, state, send, step, record, report, mode, cluster, solutions, output, transcript, regrading };
}
