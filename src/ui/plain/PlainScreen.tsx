/**
 * One lab as a plain, linear transcript for screen readers and dumb terminals (`--plain`,
 * TERM=dumb): the same state, effects and keys as the full-screen guide (useGuide), but nothing
 * is drawn in place. Every event is written once, as lines, straight to the terminal: the step
 * text, numbered command blocks, prompts, the output of a block, each check result.
 */
import type { Key } from 'ink';
import { useCallback, useEffect, useRef } from 'react';
import { stepProgress } from '../../core/progress.js';
import { renderTemplate } from '../../core/template.js';
import { labVariables } from '../../core/labVariables.js';
import type { StepReport } from '../../core/grading/types.js';
import { explanationLines } from '../../core/explain/explainText.js';
import type { OutputLine } from '../../core/stepState/lineBuffer.js';
import { itemCount, selectedItem } from '../../core/stepState/reducer.js';
import { STEP_STATUS_LABEL, stepStatus } from '../../core/stepStatus.js';
import type { ClusterView } from '../../hooks/useCluster.js';
import { useGuide } from '../../hooks/useGuide.js';
import { useGuideKeys } from '../../hooks/useGuideKeys.js';
import { useLatest } from '../../hooks/useLatest.js';
import { useTerminalSize } from '../../hooks/useTerminalSize.js';
import { dialogContent } from '../dialogContent.js';
import { sanitizeLine } from '../format.js';
import { intentForKey, type KeyContext, keyHelp } from '../keymap.js';
import { resumeCommand } from '../resumeCommand.js';
import type { OpenedLab, TuiServices } from '../services.js';
import { stepDocument } from '../stepDocument.js';
import { summaryLines } from '../Summary.js';
import { outcomeText } from '../Transcript.js';
import { checkAnnouncements, echoEdit, keysLine, noticeLine, plainLine } from './announce.js';

export interface PlainScreenProps {
  opened: OpenedLab;
  services: TuiServices;
  cluster: ClusterView;
  onCreateCluster(): void;
  onExit(): void;
  /** Writes to the terminal as is. */
  write(text: string): void;
}

const ANSWER_PROMPT = 'answer: ';
const plainStyle = { bold: (text: string) => text, dim: (text: string) => text };

function clusterLine(view: ClusterView, contextName: string): string | undefined {
  switch (view.status) {
    case 'connecting':
      return `connecting to ${contextName}…`;
    case 'ready':
      return `cluster: ${view.cluster.target.context} (${view.cluster.target.server})`;
    case 'missing':
      return [
        `cluster: ${view.message}`,
        ...(view.createError ? [`creating it failed: ${view.createError}`] : []),
        ...(view.canCreate ? ['press C to create it'] : view.next ? [view.next] : []),
      ].join('; ');
    case 'creating':
      return `creating the lab cluster: ${view.phase}`;
  }
}

export function PlainScreen({
  opened,
  services,
  cluster: clusterView,
  onCreateCluster,
  onExit,
  write,
}: PlainScreenProps) {
  const { columns } = useTerminalSize();
  const width = Math.max(20, columns - 1);
  const say = useCallback((...lines: string[]) => write(lines.map((line) => `${line}\n`).join('')), [write]);
  const onOutputLine = useCallback(
    (text: string, stream: OutputLine['stream']) =>
      say(`${stream === 'stderr' ? 'stderr: ' : '  '}${sanitizeLine(text)}`),
    [say],
  );
  // The resume line is the last thing written, before the app unmounts.
  const latestForExit = useRef<() => void>(() => undefined);
  const exit = useCallback(() => latestForExit.current(), []);
  const guide = useGuide({ opened, services, cluster: clusterView, onExit: exit, onOutputLine });
  const { lab, vars, state, send, step, record, report, mode, cluster, solutions, transcript } = guide;
  latestForExit.current = () => {
    say(
      `Progress saved: \`${resumeCommand(lab.id, services.contextFlag, vars, labVariables(lab), services.kubeconfigFlag)}\` resumes at step ${state.stepIndex + 1}, "${step.title}".`,
    );
    onExit();
  };

  const document = (withSolution: boolean) =>
    stepDocument({
      step,
      vars,
      width,
      color: false,
      record: withSolution ? record : { ...record, solutionRevealedAt: undefined },
      ...(report ? { report } : {}),
      ...(withSolution && solutions[step.id] ? { solution: solutions[step.id] } : {}),
    });
  const selected = selectedItem(state);
  const keyContext: KeyContext = {
    stepIndex: state.stepIndex,
    stepCount: lab.steps.length,
    selected: selected ? ('block' in selected ? 'block' : 'question') : undefined,
    items: itemCount(state.outline.steps[state.stepIndex]!),
    canCreateCluster: clusterView.status === 'missing' && clusterView.canCreate,
    outputShown: false,
    bodyScrolls: false,
    resetAvailable: state.resetAvailable,
    autoCheck: state.autoCheck,
    canExplain: report?.status === 'failed' && cluster?.explain !== undefined,
  };
  const help = keyHelp(mode, keyContext).filter((key) => key.keys !== 'x');
  const latest = useLatest({ state, step, record, report, document, help, keyContext, mode });

  const introduce = (): void => {
    const now = latest.current;
    const status = STEP_STATUS_LABEL[stepStatus(now.record)];
    say(
      '',
      `Step ${now.state.stepIndex + 1} of ${lab.steps.length}: ${now.step.title}${status ? ` (${status})` : ''}`,
      '',
      ...now.document(false).lines.map(plainLine),
      '',
      keysLine(now.help),
    );
  };

  // The lab, once; then each step as it is opened.
  useEffect(() => {
    say(`${lab.manifest.title} (k8s-labs, plain mode)`);
  }, [say, lab]);
  useEffect(() => {
    if (latest.current.mode.kind !== 'summary') introduce();
    // Only a step change introduces a step.
  }, [state.stepIndex]);

  const clusterText = clusterLine(clusterView, services.contextName);
  useEffect(() => {
    if (clusterText) say(clusterText);
  }, [clusterText, say]);

  // The answer field echoes what is typed (first: a notice after Enter goes on the next line).
  const draft = mode.kind === 'answering-question' ? mode.draft : undefined;
  const question = mode.kind === 'answering-question' ? mode.question : undefined;
  const echoed = useRef<{ draft: string; question: string; answer: unknown } | undefined>(undefined);
  useEffect(() => {
    const before = echoed.current;
    if (draft === undefined || question === undefined) {
      echoed.current = undefined;
      if (!before) return;
      // Keys typed faster than a redraw reach the field in one chunk with Enter: echo what was submitted.
      const answer = latest.current.record.answers[before.question];
      const submitted = answer !== before.answer && answer ? answer.value : before.draft;
      write(`${echoEdit(before.draft, submitted, ANSWER_PROMPT)}\n`);
      return;
    }
    echoed.current = { draft, question, answer: before?.answer ?? latest.current.record.answers[question] };
    if (before) write(echoEdit(before.draft, draft, ANSWER_PROMPT));
  }, [draft, question, write]);

  useEffect(() => {
    if (state.notice) say(noticeLine(state.notice));
  }, [state.notice, say]);

  // Each mode says what it is and which keys apply in it.
  // Typing an answer or moving in the step list is the same mode: said once.
  const modeKey = JSON.stringify(
    mode.kind === 'answering-question' || mode.kind === 'step-list' ? { kind: mode.kind } : mode,
  );
  const manualCheck = useRef(false);
  useEffect(() => {
    const now = latest.current;
    const dialog = dialogContent({
      mode: now.mode,
      lab,
      stepIndex: now.state.stepIndex,
      vars,
      target: cluster?.target,
      contextName: services.contextName,
      connecting: clusterView.status === 'connecting',
      width,
    });
    const m = now.mode;
    if (dialog) {
      say(dialog.title, ...dialog.lines.map(plainLine), keysLine(now.help));
      return;
    }
    switch (m.kind) {
      case 'running-command':
        if (!m.stopping) say(`running block ${m.block + 1}… (Ctrl-C stops it)`);
        break;
      case 'checking':
        manualCheck.current = true;
        say(m.only ? 'checking your answer…' : 'checking…');
        break;
      case 'explaining':
        say('comparing your objects with the reference solution…');
        break;
      case 'resetting':
        say(`rebuilding the cluster for the start of step ${m.target + 1}…`);
        break;
      case 'answering-question': {
        const question = now.step.questions.find((q) => q.id === m.question);
        say(`question: ${renderTemplate(question?.prompt ?? '', vars)}`, keysLine(now.help));
        write(ANSWER_PROMPT);
        break;
      }
      case 'step-list':
        say(
          'Steps:',
          ...lab.steps.map((s, index) => {
            const label = STEP_STATUS_LABEL[stepStatus(stepProgress(now.state.progress, s.id))];
            return `${index + 1}. ${s.title}${label ? ` (${label})` : ''}${index === now.state.stepIndex ? ' (you are here)' : ''}`;
          }),
          keysLine(now.help),
        );
        break;
      case 'summary':
        say('', ...summaryLines(lab, now.state.progress), keysLine(now.help));
        break;
      default:
        break;
    }
  }, [modeKey]);

  // The step list's cursor, as it moves.
  const cursor = mode.kind === 'step-list' ? mode.cursor : undefined;
  const firstCursor = useRef(true);
  useEffect(() => {
    if (cursor === undefined) {
      firstCursor.current = true;
      return;
    }
    if (firstCursor.current) {
      firstCursor.current = false;
      return;
    }
    say(`step ${cursor + 1}: ${lab.steps[cursor]!.title}`);
  }, [cursor, say, lab]);

  // The selected block or question, when the learner moves to another one.
  const selection = `${state.stepIndex}:${state.selected}`;
  const lastSelection = useRef(selection);
  useEffect(() => {
    const before = lastSelection.current;
    lastSelection.current = selection;
    if (before.split(':')[0] !== String(state.stepIndex) || before === selection) return;
    const item = selectedItem(latest.current.state);
    if (!item) return;
    if ('block' in item) {
      const code = step.commands[item.block]?.code ?? '';
      say(`selected block ${item.block + 1}: ${renderTemplate(code, vars).split('\n').join(' ; ')}`);
    } else {
      const question = step.questions.find((q) => q.id === item.question);
      say(`selected question: ${renderTemplate(question?.prompt ?? '', vars)}`);
    }
  }, [selection]);

  // A finished block: how it ended.
  const lastEntry = transcript[transcript.length - 1];
  useEffect(() => {
    if (lastEntry) say(outcomeText(lastEntry.outcome));
  }, [lastEntry, say]);

  // Each grading: every check after c, only what changed after an auto-check.
  const announced = useRef<{ step: string; report: StepReport } | undefined>(undefined);
  useEffect(() => {
    if (!report) return;
    const before = announced.current?.step === step.id ? announced.current.report : undefined;
    announced.current = { step: step.id, report };
    const full = manualCheck.current || !before;
    manualCheck.current = false;
    const lines = checkAnnouncements(report, full ? undefined : before);
    if (lines.length > 0) say(...lines);
  }, [report, step.id, say]);

  // Hints, the solution and the comparison with it, once each as they are revealed.
  const hints = record.hintsSeen.length;
  const hintsSaid = useRef({ step: step.id, count: hints });
  useEffect(() => {
    const before = hintsSaid.current;
    hintsSaid.current = { step: step.id, count: hints };
    if (before.step !== step.id || hints <= before.count) return;
    const { lines, hintLine, solutionLine } = latest.current.document(false);
    if (hintLine !== undefined) say(...lines.slice(hintLine, solutionLine).map(plainLine));
  }, [hints, step.id]);

  const solutionShown = useRef(new Set<string>());
  const solutionLoaded = record.solutionRevealedAt !== undefined && solutions[step.id] !== undefined;
  useEffect(() => {
    if (!solutionLoaded || solutionShown.current.has(step.id)) return;
    solutionShown.current.add(step.id);
    const { lines, solutionLine } = latest.current.document(true);
    if (solutionLine !== undefined) say('', ...lines.slice(solutionLine).map(plainLine));
  }, [solutionLoaded, step.id]);

  const explanation = state.explanations[step.id];
  useEffect(() => {
    if (explanation) say(...explanationLines(step.title, explanation, plainStyle));
  }, [explanation]);

  const handleKey = (input: string, key: Partial<Key>): void => {
    const now = latest.current;
    const intent = intentForKey(now.mode, input, key, now.keyContext);
    switch (intent.kind) {
      case 'action':
        send(intent.action);
        break;
      case 'scroll-body':
        // Nothing scrolls here: g (or Home) reads the step again.
        if (intent.by === 'top') introduce();
        break;
      case 'create-cluster':
        onCreateCluster();
        break;
      default:
        break;
    }
  };
  useGuideKeys(handleKey, () => latest.current.mode);

  // Nothing is drawn in place: everything was written above.
  return null;
}
