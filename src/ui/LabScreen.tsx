/**
 * One lab in the terminal: wires the pure step state to the effects (run, check, watch, rebuild,
 * save) and lays the panels out in the terminal's rows.
 */
import { Box, type Key, Static, Text, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { emptyStepProgress } from '../core/progress.js';
import { summarizeProgress } from '../core/progressSummary.js';
import { stepStatus } from '../core/stepStatus.js';
import { resumeCommand } from './resumeCommand.js';
import { renderTemplate } from '../core/template.js';
import { labVariables, renderForShell, variablesEnv } from '../core/labVariables.js';
import {
  currentStep,
  initialStepState,
  itemCount,
  outlineOf,
  selectedItem,
  stepReducer,
} from '../core/stepState/reducer.js';
import type { ActionBody, ClusterState } from '../core/stepState/types.js';
import type { ClusterView } from '../hooks/useCluster.js';
import { useBodyScroll } from '../hooks/useBodyScroll.js';
import { useCommandRunner } from '../hooks/useCommandRunner.js';
import { useExplain } from '../hooks/useExplain.js';
import { useGrading } from '../hooks/useGrading.js';
import { useLatest } from '../hooks/useLatest.js';
import { useOutputPane } from '../hooks/useOutputPane.js';
import { useProgressSave } from '../hooks/useProgressSave.js';
import { useStepRebuild } from '../hooks/useStepRebuild.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { CheckResults, checkResultLines } from './CheckResults.js';
import { AnswerDialog, ConfirmDialog, dialogRows } from './Dialog.js';
import { dialogContent } from './dialogContent.js';
import { Footer, footerLines } from './Footer.js';
import { Header, HEADER_ROWS } from './Header.js';
import { intentForKey, type KeyContext, keyHelp, keyOf } from './keymap.js';
import { planRows } from './layout.js';
import { wrapSpans } from './markdown/wrap.js';
import { OutputPane, wantedOutputRows } from './OutputPane.js';
import type { OpenedLab, SolutionFile, TuiServices } from './services.js';
import { stepDocument } from './stepDocument.js';
import { StepBody } from './StepBody.js';
import { StepList } from './StepList.js';
import { Summary } from './Summary.js';
import { useTheme } from './theme.js';
import { type TranscriptEntry, TranscriptView } from './Transcript.js';

export interface LabScreenProps {
  opened: OpenedLab;
  services: TuiServices;
  cluster: ClusterView;
  onCreateCluster(): void;
  /** Called once the learner quits and progress is saved. */
  onExit(): void;
}

const clusterState = (view: ClusterView): ClusterState =>
  view.status === 'ready' ? 'ready' : view.status === 'missing' ? 'missing' : 'connecting';

export function LabScreen({ opened, services, cluster: clusterView, onCreateCluster, onExit }: LabScreenProps) {
  const { lab, vars } = opened;
  const { color } = useTheme();
  const { columns, rows } = useTerminalSize();
  // The last column stays empty: some terminals wrap when a line fills it.
  const width = Math.max(20, columns - 1);
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

  const output = useOutputPane();
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
    waitForCluster: clusterView.status === 'connecting',
    ...(services.commandTimeoutMs ? { timeoutMs: services.commandTimeoutMs } : {}),
    onFinished: (outcome, script) => {
      output.flush();
      const { lines, dropped } = output.snapshot();
      setTranscript((entries) => [...entries, { id: entries.length, script, lines, dropped, outcome }]);
      send({ type: 'command-finished', outcome });
    },
  });
  useGrading({
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
  useStepRebuild({
    mode,
    cluster,
    lab,
    vars,
    output,
    onFinished: (result) => send({ type: 'reset-finished', ...result }),
  });

  const explanation = state.explanations[step.id];
  const document = useMemo(
    () =>
      stepDocument({
        step,
        vars,
        width,
        color,
        record,
        ...(report ? { report } : {}),
        ...(solutions[step.id] ? { solution: solutions[step.id] } : {}),
        ...(explanation ? { explanation } : {}),
      }),
    [step, vars, width, color, record, report, solutions, explanation],
  );

  // Rows: header, dialog, output pane, check results, footer; the body gets the rest.
  const running = mode.kind === 'running-command' || mode.kind === 'resetting';
  const outputShown = output.title !== '' && (running || state.lastRun !== undefined);
  const dialog = dialogContent({
    mode,
    lab,
    stepIndex: state.stepIndex,
    vars,
    target: cluster?.target,
    contextName: services.contextName,
    connecting: clusterView.status === 'connecting',
    width: width - 4,
  });
  const question = mode.kind === 'answering-question' ? step.questions.find((q) => q.id === mode.question) : undefined;
  const questionPrompt = question
    ? wrapSpans([{ text: renderTemplate(question.prompt, vars), bold: true }], width - 4)
    : [];
  const checkLines = report
    ? checkResultLines(report, width, mode.kind === 'checking')
    : mode.kind === 'checking'
      ? [{ spans: [{ text: '── checking…', dim: true }] }]
      : [];
  const selected = selectedItem(state);
  const keyContext: KeyContext = {
    stepIndex: state.stepIndex,
    stepCount: lab.steps.length,
    selected: selected ? ('block' in selected ? 'block' : 'question') : undefined,
    items: itemCount(currentStep(state)),
    canCreateCluster: clusterView.status === 'missing' && clusterView.canCreate,
    outputShown,
    bodyScrolls: false,
    resetAvailable: state.resetAvailable,
    autoCheck: state.autoCheck,
    canExplain: report?.status === 'failed' && cluster?.explain !== undefined,
  };
  const footerRows =
    (state.notice ? 1 : 0) + footerLines(keyHelp(mode, { ...keyContext, bodyScrolls: true }), width).length;
  const plan = planRows({
    rows,
    header: HEADER_ROWS,
    footer: footerRows,
    dialog: dialog ? dialogRows(dialog.lines.length) : question ? dialogRows(questionPrompt.length) : 0,
    output: outputShown ? wantedOutputRows(output.lines.length) : 0,
    checks:
      checkLines.length === 0 || mode.kind === 'summary' || mode.kind === 'step-list'
        ? 0
        : Math.min(12, checkLines.length),
  });
  keyContext.bodyScrolls = document.lines.length > plan.body;
  const body = useBodyScroll(document.lines, plan.body, state.selected, step.id, [
    { key: `hint:${record.hintsSeen.length}`, line: document.hintLine ?? 0 },
    { key: `solution:${revealed}:${solutions[step.id] ? 'loaded' : ''}`, line: document.solutionLine ?? 0 },
    { key: `explanation:${record.explainedAt?.length ?? 0}`, line: document.explanationLine ?? 0 },
  ]);

  // Keys read the state of the last render, even before effects re-subscribe this handler.
  const keys = useLatest({ mode, keyContext, body, outputRows: plan.output });
  const handleKey = (input: string, key: Partial<Key>): void => {
    const { mode, keyContext, body, outputRows } = keys.current;
    const intent = intentForKey(mode, input, key, keyContext);
    switch (intent.kind) {
      case 'action':
        send(intent.action);
        // Choosing an item shows it, also when it was already the selected one.
        if (['select', 'select-next', 'select-previous'].includes(intent.action.type)) body.showSelected();
        break;
      case 'scroll-body':
        body.scroll(intent.by);
        break;
      case 'scroll-output':
        output.scrollBy(intent.by === 'up' ? 3 : -3, outputRows - 1);
        break;
      case 'create-cluster':
        onCreateCluster();
        break;
      case 'none':
        break;
    }
  };
  // Keys typed while the app was busy reach it as one chunk ("2\r"), which Ink reports as a single
  // input: take them one by one, each after the state the previous one led to.
  const pending = useRef<string[]>([]);
  const drain = (): void => {
    const next = pending.current.shift();
    if (next === undefined) return;
    handleKey(...keyOf(next));
    if (pending.current.length > 0) setTimeout(drain, 0);
  };
  useInput((input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta && keys.current.mode.kind !== 'answering-question') {
      const idle = pending.current.length === 0;
      pending.current.push(...input);
      if (idle) drain();
      return;
    }
    handleKey(input, key);
  });

  const done = summarizeProgress(lab, state.progress).done;
  if (mode.kind === 'quitting') {
    // The last frame stays in the terminal: make it a short note instead of the whole screen.
    return (
      <Text>{`Progress saved: \`${resumeCommand(lab.id, services.contextFlag, vars, labVariables(lab))}\` resumes at step ${state.stepIndex + 1}, "${step.title}".`}</Text>
    );
  }
  return (
    <>
      <Static items={transcript}>{(entry) => <TranscriptView key={entry.id} entry={entry} />}</Static>
      <Box flexDirection="column" width={width}>
        <Header
          labTitle={lab.manifest.title}
          stepIndex={state.stepIndex}
          stepCount={lab.steps.length}
          done={done}
          stepTitle={step.title}
          stepStatus={stepStatus(record)}
          cluster={clusterView}
          contextName={services.contextName}
          autoCheck={state.autoCheck}
          width={width}
        />
        {mode.kind === 'summary' ? (
          <Box height={plan.body} flexDirection="column">
            <Summary lab={lab} progress={state.progress} />
          </Box>
        ) : mode.kind === 'step-list' ? (
          <StepList
            steps={state.outline.steps}
            progress={state.progress}
            cursor={mode.cursor}
            current={state.stepIndex}
            rows={plan.body}
            width={width}
          />
        ) : (
          <StepBody lines={document.lines} top={body.top} rows={plan.body} selected={state.selected} />
        )}
        {outputShown && plan.output > 0 && (
          <OutputPane
            title={output.title}
            lines={output.lines}
            dropped={output.dropped}
            scroll={output.scroll}
            rows={plan.output}
            width={width}
            running={running}
            stopping={mode.kind === 'running-command' && mode.stopping}
            {...(state.lastRun && !running ? { outcome: state.lastRun } : {})}
          />
        )}
        {plan.checks > 0 && <CheckResults lines={checkLines} rows={plan.checks} />}
        {dialog && <ConfirmDialog title={dialog.title} lines={dialog.lines} width={width} />}
        {mode.kind === 'answering-question' && (
          <AnswerDialog prompt={questionPrompt} draft={mode.draft} cursor={mode.cursor} width={width} />
        )}
        <Footer notice={state.notice} keys={keyHelp(mode, keyContext)} width={width} />
      </Box>
    </>
  );
}
