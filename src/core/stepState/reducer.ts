/** The pure step-state reducer of the terminal lab guide; see types.ts for the states. */
import { applyEdit, type LineField } from './lineEdit.js';
import { nextHintTier, recordAnswer, recordExplanation, recordHint, stepProgress, withStep } from '../progress.js';
import { recordSetupApplied, recordSolutionApplied } from '../progressChanges.js';
import { blockKey, currentStep, itemCount, selectedItem } from './outline.js';
import { applyReport, mergeReport } from './reports.js';
import type { Action, Mode, Notice, StepState } from './types.js';

export { blockKey, currentStep, initialStepState, itemCount, outlineOf, selectedItem } from './outline.js';
export type { InitialStateOptions } from './outline.js';

const reading: Mode = { kind: 'reading' };
const notice = (text: string, tone: Notice['tone'] = 'info'): Notice => ({ text, tone });

function withNotice(state: StepState, text: string, tone: Notice['tone'] = 'info'): StepState {
  return { ...state, notice: notice(text, tone) };
}

function startRun<M extends Mode>(state: StepState, make: (run: number) => M): StepState {
  const run = state.runs + 1;
  return { ...state, runs: run, mode: make(run), notice: undefined };
}

function moveTo(state: StepState, index: number): StepState {
  const stepIndex = Math.min(Math.max(0, index), state.outline.steps.length - 1);
  const step = state.outline.steps[stepIndex]!;
  return {
    ...state,
    stepIndex,
    mode: reading,
    selected: itemCount(step) > 0 ? 0 : -1,
    progress: { ...state.progress, currentStep: step.id },
    lastRun: undefined,
    notice: undefined,
  };
}

function needsCluster(state: StepState, what: string): StepState | undefined {
  if (state.cluster === 'ready') return undefined;
  return state.cluster === 'connecting'
    ? withNotice(state, `still connecting to the cluster; ${what} as soon as it is ready`, 'warn')
    : withNotice(state, `${what} needs the lab cluster: press C to create it`, 'warn');
}

export function stepReducer(state: StepState, action: Action): StepState {
  const { mode } = state;
  const step = currentStep(state);
  switch (action.type) {
    case 'next':
      // During a manual check too: leaving the step stops the check (its effect aborts).
      if (mode.kind !== 'reading' && mode.kind !== 'checking') return state;
      if (state.stepIndex < state.outline.steps.length - 1) return moveTo(state, state.stepIndex + 1);
      return {
        ...state,
        mode: { kind: 'summary' },
        notice: undefined,
        progress: { ...state.progress, finishedAt: state.progress.finishedAt ?? action.at },
      };
    case 'previous':
      if (mode.kind === 'summary') return { ...state, mode: reading };
      if ((mode.kind !== 'reading' && mode.kind !== 'checking') || state.stepIndex === 0) return state;
      return moveTo(state, state.stepIndex - 1);
    case 'go-to':
      if (mode.kind !== 'step-list' && mode.kind !== 'reading') return state;
      return moveTo(state, action.step);
    case 'select':
      if (mode.kind !== 'reading' || action.item < 0 || action.item >= itemCount(step)) return state;
      return { ...state, selected: action.item };
    case 'select-next':
    case 'select-previous': {
      const count = itemCount(step);
      if (mode.kind !== 'reading' || count === 0) return state;
      const delta = action.type === 'select-next' ? 1 : -1;
      return { ...state, selected: (Math.max(0, state.selected) + delta + count) % count };
    }
    case 'activate': {
      if (mode.kind !== 'reading') return state;
      const item = selectedItem(state);
      if (!item) return withNotice(state, 'this step has no command to run');
      // The field starts empty: the body shows the answer given before, and typing never appends to it.
      if ('question' in item)
        return {
          ...state,
          mode: { kind: 'answering-question', question: item.question, draft: '', cursor: 0 },
          notice: undefined,
        };
      if (state.confirmed.includes(blockKey(step.id, item.block))) {
        return startRun(state, (run) => ({ kind: 'running-command', block: item.block, run, stopping: false }));
      }
      return { ...state, mode: { kind: 'confirming-command', block: item.block }, notice: undefined };
    }
    case 'confirm':
      switch (mode.kind) {
        case 'confirming-command': {
          const started = startRun(
            { ...state, confirmed: [...state.confirmed, blockKey(step.id, mode.block)] },
            (run) => ({ kind: 'running-command', block: mode.block, run, stopping: false }),
          );
          return state.cluster === 'connecting'
            ? withNotice(started, 'still connecting to the lab cluster: the block runs once it answers', 'warn')
            : started;
        }
        case 'confirming-solution':
          return {
            ...state,
            mode: reading,
            progress: withStep(state.progress, step.id, (record) => ({
              ...record,
              solutionRevealedAt: record.solutionRevealedAt ?? action.at,
            })),
            notice: notice('The solution is shown below the step'),
          };
        case 'confirming-reset':
          return startRun(state, (run) => ({ kind: 'resetting', target: mode.target, run }));
        case 'confirming-quit':
          return { ...state, mode: { kind: 'quitting' } };
        default:
          return state;
      }
    case 'cancel':
      switch (mode.kind) {
        case 'confirming-command':
        case 'confirming-solution':
        case 'confirming-reset':
        case 'confirming-quit':
        case 'answering-question':
        case 'step-list':
        case 'summary':
          return { ...state, mode: reading };
        case 'reading':
          return { ...state, notice: undefined };
        default:
          return state;
      }
    case 'interrupt':
      switch (mode.kind) {
        case 'running-command':
          return { ...state, mode: { ...mode, stopping: true } };
        case 'checking':
          return withNotice({ ...state, mode: reading }, 'check stopped');
        case 'explaining':
          return withNotice({ ...state, mode: reading }, 'stopped comparing with the solution');
        case 'resetting':
          return withNotice(
            { ...state, mode: reading },
            'reset stopped: the cluster may be half rebuilt; press r to try again',
            'warn',
          );
        case 'reading':
          return { ...state, mode: { kind: 'confirming-quit' } };
        case 'confirming-quit':
        case 'summary':
        case 'quitting':
          return { ...state, mode: { kind: 'quitting' } };
        default:
          return { ...state, mode: reading };
      }
    case 'command-finished': {
      const running = mode.kind === 'running-command' && mode.block === action.outcome.block;
      return { ...state, mode: running ? reading : mode, lastRun: action.outcome };
    }
    case 'dismiss-output':
      return mode.kind === 'reading' ? { ...state, lastRun: undefined } : state;
    case 'check': {
      if (mode.kind !== 'reading') return state;
      const blocked = needsCluster(state, 'checking');
      if (blocked) return blocked;
      return startRun(state, (run) => ({ kind: 'checking', run }));
    }
    case 'check-finished': {
      if (mode.kind !== 'checking' || action.report.step !== step.id) return state;
      if (!mode.only) return applyReport({ ...state, mode: reading }, action.report, action.at, true);
      // An answer graded on its own never passes the step; when everything known passes, grade it all now.
      const merged = mergeReport(state, action.report);
      const shown = applyReport({ ...state, mode: reading }, merged.report, action.at, true);
      return merged.needsFullGrading ? startRun(shown, (run) => ({ kind: 'checking', run })) : shown;
    }
    case 'check-failed':
      if (mode.kind !== 'checking') return state;
      return withNotice({ ...state, mode: reading }, action.message, 'error');
    case 'auto-report':
      if (!state.autoCheck || action.report.step !== step.id) return state;
      return applyReport(state, action.report, action.at, false);
    case 'auto-check-stopped':
      if (!state.autoCheck) return state;
      return withNotice(
        { ...state, autoCheck: false },
        `auto-check stopped: ${action.message}; press a to turn it on again`,
        'error',
      );
    case 'toggle-auto-check':
      if (mode.kind !== 'reading') return state;
      return withNotice(
        { ...state, autoCheck: !state.autoCheck },
        state.autoCheck
          ? 'auto-check off: press c to check'
          : 'auto-check on: the step is re-checked when the cluster changes',
      );
    case 'explain': {
      if (mode.kind !== 'reading') return state;
      const status = state.reports[step.id]?.status;
      if (status !== 'failed')
        return withNotice(
          state,
          status === 'passed' || status === 'incomplete'
            ? 'the step passes: nothing to explain'
            : 'd explains a failed check: check the step first (c)',
        );
      const blocked = needsCluster(state, 'explaining');
      if (blocked) return blocked;
      return startRun(state, (run) => ({ kind: 'explaining', run }));
    }
    case 'explain-finished':
      if (mode.kind !== 'explaining' || action.step !== step.id) return state;
      // Shown, so recorded: help, like a hint (as `labs check --explain` records it).
      return withNotice(
        {
          ...state,
          mode: reading,
          explanations: { ...state.explanations, [step.id]: action.explanations },
          progress: recordExplanation(state.progress, step.id, action.at),
        },
        'your objects against the reference solution are shown below the step',
      );
    case 'explain-failed':
      if (mode.kind !== 'explaining') return state;
      return withNotice({ ...state, mode: reading }, action.message, 'error');
    case 'hint': {
      if (mode.kind !== 'reading') return state;
      if (step.hints === 0) return withNotice(state, 'this step has no hints; s reveals the solution');
      const tier = nextHintTier(state.progress, step.id);
      if (tier >= step.hints) return withNotice(state, 'no more hints; s reveals the solution');
      return withNotice(
        { ...state, progress: recordHint(state.progress, step.id, tier, action.at) },
        `hint ${tier + 1} of ${step.hints} is shown below the step`,
      );
    }
    case 'reveal-solution':
      if (mode.kind !== 'reading') return state;
      if (stepProgress(state.progress, step.id).solutionRevealedAt)
        return withNotice(state, 'the solution is shown below the step');
      return { ...state, mode: { kind: 'confirming-solution' }, notice: undefined };
    case 'edit-answer': {
      if (mode.kind !== 'answering-question') return state;
      let field: LineField = { text: mode.draft, cursor: mode.cursor };
      for (const edit of action.edits) {
        if (edit.kind === 'submit')
          return stepReducer(
            { ...state, mode: { ...mode, draft: field.text, cursor: field.cursor } },
            {
              type: 'submit-answer',
              at: action.at,
            },
          );
        field = applyEdit(field, edit);
      }
      return { ...state, mode: { ...mode, draft: field.text, cursor: field.cursor } };
    }
    case 'submit-answer': {
      if (mode.kind !== 'answering-question') return state;
      const value = mode.draft.trim();
      if (value === '') return withNotice(state, 'type an answer, or press Esc to cancel', 'warn');
      const recorded = {
        ...state,
        progress: recordAnswer(state.progress, step.id, mode.question, value, undefined, action.at),
      };
      if (recorded.cluster !== 'ready')
        return withNotice(
          { ...recorded, mode: reading },
          'answer saved; it is graded once the cluster is ready',
          'warn',
        );
      return startRun(recorded, (run) => ({ kind: 'checking', run, only: [mode.question] }));
    }
    case 'open-step-list':
      if (mode.kind !== 'reading' && mode.kind !== 'summary') return state;
      return { ...state, mode: { kind: 'step-list', cursor: state.stepIndex }, notice: undefined };
    case 'list-move':
      if (mode.kind !== 'step-list') return state;
      return {
        ...state,
        mode: { ...mode, cursor: Math.min(Math.max(0, mode.cursor + action.delta), state.outline.steps.length - 1) },
      };
    case 'reset-step':
    case 'jump-here': {
      const target =
        action.type === 'reset-step'
          ? mode.kind === 'reading'
            ? state.stepIndex
            : -1
          : mode.kind === 'step-list'
            ? mode.cursor
            : -1;
      if (target < 0) return state;
      const back = { ...state, mode: reading };
      if (!state.resetAvailable)
        return withNotice(back, 'rebuilding a step is not available in this build (no solutions module)', 'error');
      const blocked = needsCluster(back, 'rebuilding the step');
      if (blocked) return blocked;
      return { ...state, mode: { kind: 'confirming-reset', target }, notice: undefined };
    }
    case 'reset-finished': {
      if (mode.kind !== 'resetting') return state;
      if (action.error) return withNotice({ ...state, mode: reading }, action.error, 'error');
      const target = state.outline.steps[mode.target]!;
      const { [target.id]: _dropped, ...reports } = state.reports;
      // As `labs jump` records it: the steps before the target were solved by their solutions.
      let progress = state.progress;
      for (const step of state.outline.steps.slice(0, mode.target)) {
        progress = recordSolutionApplied(progress, step.id, action.answersByStep?.[step.id] ?? {}, action.at);
      }
      progress = recordSetupApplied(progress, target.id, action.at);
      const moved = moveTo({ ...state, reports, progress }, mode.target);
      return withNotice(moved, `cluster rebuilt to the start of "${target.title}"`, 'success');
    }
    case 'setup-finished': {
      if (action.error) return withNotice(state, action.error, 'error');
      const progress = recordSetupApplied(state.progress, action.step, action.at);
      const title = state.outline.steps.find((step) => step.id === action.step)?.title ?? action.step;
      return withNotice({ ...state, progress }, `"${title}" is set up: the step begins here`, 'success');
    }
    case 'cluster-changed':
      return { ...state, cluster: action.cluster };
    case 'progress-replaced': {
      // What this session graded, explained or ran belongs to the state before the reset.
      const index = state.outline.steps.findIndex((outlined) => outlined.id === action.progress.currentStep);
      const moved = moveTo({ ...state, progress: action.progress, reports: {}, explanations: {} }, Math.max(0, index));
      return withNotice(moved, `your instructor put you back at "${currentStep(moved).title}"`, 'warn');
    }
    case 'notice':
      return { ...state, notice: action.notice };
    case 'quit':
      if (mode.kind === 'answering-question') return state;
      return { ...state, mode: { kind: 'quitting' } };
    default:
      return state;
  }
}
