/**
 * One lab in the full-screen terminal guide: the guide's state and effects (useGuide) laid out in
 * the terminal's rows.
 */
import { Box, type Key, Static, Text } from 'ink';
import { useMemo } from 'react';
import { summarizeProgress } from '../core/progressSummary.js';
import { stepStatus } from '../core/stepStatus.js';
import { resumeCommand } from './resumeCommand.js';
import { renderTemplate } from '../core/template.js';
import { labVariables } from '../core/labVariables.js';
import { currentStep, itemCount, selectedItem } from '../core/stepState/reducer.js';
import type { ClusterView } from '../hooks/useCluster.js';
import { useBodyScroll } from '../hooks/useBodyScroll.js';
import { useGuide } from '../hooks/useGuide.js';
import { useGuideKeys } from '../hooks/useGuideKeys.js';
import { useLatest } from '../hooks/useLatest.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { CheckResults, checkResultLines } from './CheckResults.js';
import { AnswerDialog, ConfirmDialog, dialogRows } from './Dialog.js';
import { dialogContent } from './dialogContent.js';
import { Footer, footerLines } from './Footer.js';
import { Header, HEADER_ROWS } from './Header.js';
import { intentForKey, type KeyContext, keyHelp } from './keymap.js';
import { planRows } from './layout.js';
import { wrapSpans } from './markdown/wrap.js';
import { OutputPane, wantedOutputRows } from './OutputPane.js';
import type { OpenedLab, TuiServices } from './services.js';
import { stepDocument } from './stepDocument.js';
import { StepBody } from './StepBody.js';
import { StepList } from './StepList.js';
import { Summary } from './Summary.js';
import { useTheme } from './theme.js';
import { TranscriptView } from './Transcript.js';

export interface LabScreenProps {
  opened: OpenedLab;
  services: TuiServices;
  cluster: ClusterView;
  onCreateCluster(): void;
  /** Called once the learner quits and progress is saved. */
  onExit(): void;
}

export function LabScreen({ opened, services, cluster: clusterView, onCreateCluster, onExit }: LabScreenProps) {
  const { lab, vars } = opened;
  const { color } = useTheme();
  const { columns, rows } = useTerminalSize();
  // The last column stays empty: some terminals wrap when a line fills it.
  const width = Math.max(20, columns - 1);
  const { state, send, step, record, report, mode, cluster, solutions, output, transcript, regrading } = useGuide({
    opened,
    services,
    cluster: clusterView,
    onExit,
  });
  const revealed = record.solutionRevealedAt !== undefined;

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
    ? checkResultLines(report, width, mode.kind === 'checking' || (regrading && state.autoCheck))
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
  useGuideKeys(handleKey, () => keys.current.mode);

  const done = summarizeProgress(lab, state.progress).done;
  if (mode.kind === 'quitting') {
    // The last frame stays in the terminal: make it a short note instead of the whole screen.
    return (
      <Text>{`Progress saved: \`${resumeCommand(lab.id, services.contextFlag, vars, labVariables(lab), services.kubeconfigFlag)}\` resumes at step ${state.stepIndex + 1}, "${step.title}".`}</Text>
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
