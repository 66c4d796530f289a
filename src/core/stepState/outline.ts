/** The lab outline the reducer works on, the initial state, and what is selected. */
import type { Lab } from '../lab.js';
import type { LabProgress } from '../progress.js';
import type { LabOutline, StepOutline, StepState } from './types.js';

export function outlineOf(lab: Lab): LabOutline {
  return {
    id: lab.id,
    steps: lab.steps.map((step) => ({
      id: step.id,
      title: step.title,
      commands: step.commands.length,
      checks: [...step.checks],
      questions: step.questions.map((question) => question.id),
      hints: step.hints.length,
    })),
  };
}

export interface InitialStateOptions {
  outline: LabOutline;
  progress: LabProgress;
  /** Index of the step to open (where the learner left off). */
  stepIndex: number;
  at: string;
  resetAvailable: boolean;
  autoCheck?: boolean;
}

export function initialStepState(options: InitialStateOptions): StepState {
  const stepIndex = Math.min(Math.max(0, options.stepIndex), options.outline.steps.length - 1);
  const step = options.outline.steps[stepIndex]!;
  return {
    outline: options.outline,
    stepIndex,
    progress: { ...options.progress, startedAt: options.progress.startedAt ?? options.at, currentStep: step.id },
    mode: { kind: 'reading' },
    selected: itemCount(step) > 0 ? 0 : -1,
    confirmed: [],
    reports: {},
    explanations: {},
    autoCheck: options.autoCheck ?? true,
    cluster: 'connecting',
    resetAvailable: options.resetAvailable,
    runs: 0,
  };
}

/** Command blocks first, then questions. */
export const itemCount = (step: StepOutline): number => step.commands + step.questions.length;

export const currentStep = (state: StepState): StepOutline => state.outline.steps[state.stepIndex]!;

/** The selected item as a command block index or a question id. */
export function selectedItem(state: StepState): { block: number } | { question: string } | undefined {
  const step = currentStep(state);
  if (state.selected < 0 || state.selected >= itemCount(step)) return undefined;
  if (state.selected < step.commands) return { block: state.selected };
  return { question: step.questions[state.selected - step.commands]! };
}

export const blockKey = (stepId: string, block: number): string => `${stepId}#${block}`;
