/**
 * One definition of where a learner stands in a step and in a lab, for every place that says so:
 * the guide's header, step list and summary, the lab picker and `labs list`.
 */
import type { StepProgress } from './progress.js';

export type StepStatus = 'passed' | 'solved' | 'needs-data-plane' | 'started' | 'not-started';

export function stepStatus(record: StepProgress): StepStatus {
  if (record.status === 'passed') return 'passed';
  if (record.status === 'skipped') return 'solved';
  if (record.needsDataPlaneAt) return 'needs-data-plane';
  return record.status === 'in-progress' ? 'started' : 'not-started';
}

/** A step is done once it passed or its solution was applied; only done steps finish a lab. */
export const isDone = (status: StepStatus): boolean => status === 'passed' || status === 'solved';

/** Short labels, as the step list and the header show them. */
export const STEP_STATUS_LABEL: Readonly<Record<StepStatus, string>> = {
  passed: '✓ passed',
  solved: '✓ solved with the solution',
  'needs-data-plane': '◌ cannot pass on this cluster',
  started: '… started',
  'not-started': '',
};

/** Why a step cannot pass here, in the learner's words. */
export const NEEDS_DATA_PLANE =
  'its checks need pods that run and carry traffic, which this cluster cannot do (an API-only test cluster); on a kind cluster they can pass';

export interface LabStanding {
  steps: number;
  done: number;
  needsDataPlane: number;
  /** Title or id of the step the learner resumes at. */
  at?: string;
}

/** "finished", "not started", or "3/7 done, 2 cannot pass on this cluster, at …". */
export function labStanding({ steps, done, needsDataPlane, at }: LabStanding): string {
  if (steps > 0 && done === steps) return 'finished';
  if (done === 0 && needsDataPlane === 0 && !at) return 'not started';
  const parts = [`${done}/${steps} done`];
  if (needsDataPlane > 0) parts.push(`${needsDataPlane} cannot pass on this cluster`);
  if (at) parts.push(`at ${at}`);
  return parts.join(', ');
}
