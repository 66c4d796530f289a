/** What a grading run takes from the learner's progress: their answers and the hint tier to offer. */
import type { Step } from '../lab.js';
import { type LabProgress, nextHintTier, stepProgress } from '../progress.js';
import { renderTemplate } from '../template.js';
import type { GradeOptions } from './types.js';

/** The learner's recorded answers for a step, by question id. */
export function answersOf(progress: LabProgress, stepId: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stepProgress(progress, stepId).answers).map(([id, answer]) => [id, answer.value]),
  );
}

export interface HintChoice {
  /** Index of the tier, from 0. */
  tier: number;
  /** The hint with variables rendered. */
  text: string;
  total: number;
  /** True when every tier had been seen, so this repeats the last one. */
  allSeen: boolean;
}

/** The first hint tier the learner has not seen, or the last one when all were seen. */
export function hintToShow(
  step: Step,
  progress: LabProgress,
  vars: Readonly<Record<string, string>>,
): HintChoice | undefined {
  if (step.hints.length === 0) return undefined;
  const next = nextHintTier(progress, step.id);
  const allSeen = next >= step.hints.length;
  const tier = allSeen ? step.hints.length - 1 : next;
  return { tier, text: renderTemplate(step.hints[tier]!, vars), total: step.hints.length, allSeen };
}

/** Grading options for a step from the learner's progress: answers and the step hint for failures. */
export function gradeOptionsFor(
  step: Step,
  progress: LabProgress,
  vars: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): GradeOptions {
  const hint = hintToShow(step, progress, vars);
  return {
    answers: answersOf(progress, step.id),
    vars,
    ...(hint ? { stepHint: hint.text } : {}),
    ...(signal ? { signal } : {}),
  };
}
