/**
 * The explicit states of the terminal lab guide and the actions that move between them. The
 * reducer in reducer.ts is pure: effects (running a block, grading, saving) are started by hooks
 * that watch these states, and report back with actions.
 */
import type { LineEdit } from './lineEdit.js';
import type { LabProgress } from '../progress.js';
import type { StepReport } from '../grading/types.js';
import type { ObjectExplanation } from '../explain/explainStep.js';

/** What the reducer needs to know about one step. */
export interface StepOutline {
  id: string;
  title: string;
  /** Number of runnable command blocks. */
  commands: number;
  /** Check ids, in order. */
  checks: string[];
  /** Question ids, in order. */
  questions: string[];
  /** Number of hint tiers. */
  hints: number;
}

export interface LabOutline {
  id: string;
  steps: StepOutline[];
}

/** How the last command block run ended; its output lives in the output buffer, not here. */
export interface RunOutcome {
  block: number;
  exitCode: number;
  durationMs: number;
  aborted: boolean;
  timedOut: boolean;
  /** Why the block could not run at all (e.g. bash missing). */
  error?: string;
}

export type ClusterState = 'connecting' | 'ready' | 'missing';

/** The explicit states. `run` numbers start effects: a new number is a new run. */
export type Mode =
  | { kind: 'reading' }
  | { kind: 'confirming-command'; block: number }
  | { kind: 'running-command'; block: number; run: number; stopping: boolean }
  | { kind: 'checking'; run: number; only?: string[] }
  /** Comparing the learner's objects with the step's reference solution (key d). */
  | { kind: 'explaining'; run: number }
  | { kind: 'answering-question'; question: string; draft: string; cursor: number }
  | { kind: 'confirming-solution' }
  /** Rebuild the cluster state at the start of step `target` (reset = the current step). */
  | { kind: 'confirming-reset'; target: number }
  | { kind: 'resetting'; target: number; run: number }
  | { kind: 'step-list'; cursor: number }
  | { kind: 'confirming-quit' }
  | { kind: 'summary' }
  | { kind: 'quitting' };

export type ModeKind = Mode['kind'];

export type NoticeTone = 'info' | 'warn' | 'error' | 'success';

export interface Notice {
  text: string;
  tone: NoticeTone;
}

export interface StepState {
  outline: LabOutline;
  stepIndex: number;
  progress: LabProgress;
  mode: Mode;
  /** Selected item of the step: command blocks first, then questions; -1 when it has none. */
  selected: number;
  /** Blocks run (and so confirmed) in this session, as "<step>#<block>". */
  confirmed: string[];
  /** The latest grading of each step in this session. */
  reports: Record<string, StepReport>;
  /** The latest explanation of a failed check of each step in this session (key d). */
  explanations: Record<string, ObjectExplanation[]>;
  autoCheck: boolean;
  cluster: ClusterState;
  /** False when this build cannot rebuild a step's cluster state (no solutions module). */
  resetAvailable: boolean;
  /** The last command block run in the current step, until dismissed or the step changes. */
  lastRun?: RunOutcome;
  notice?: Notice;
  /** Counter for `run` numbers. */
  runs: number;
}

/** Everything that can happen; `at` is the time it happened (ISO 8601), for the progress record. */
export type ActionBody =
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'go-to'; step: number }
  | { type: 'select'; item: number }
  | { type: 'select-next' }
  | { type: 'select-previous' }
  /** Enter on the selected item: run a block or answer a question. */
  | { type: 'activate' }
  | { type: 'confirm' }
  | { type: 'cancel' }
  /** Ctrl-C: stop what runs, close what is open, or ask to quit. */
  | { type: 'interrupt' }
  | { type: 'command-finished'; outcome: RunOutcome }
  | { type: 'dismiss-output' }
  | { type: 'check' }
  | { type: 'check-finished'; report: StepReport }
  | { type: 'check-failed'; message: string }
  /** A grading from the watcher (auto-check) of the given step. */
  | { type: 'auto-report'; report: StepReport }
  | { type: 'toggle-auto-check' }
  /** The watcher could not go on (grading itself failed): auto-check is off until turned on again. */
  | { type: 'auto-check-stopped'; message: string }
  /** d: show where the learner's objects differ from the reference solution (recorded like a hint). */
  | { type: 'explain' }
  | { type: 'explain-finished'; step: string; explanations: ObjectExplanation[] }
  | { type: 'explain-failed'; message: string }
  | { type: 'hint' }
  | { type: 'reveal-solution' }
  /** Keys for the answer field, applied in order; a `submit` among them submits what is typed by then. */
  | { type: 'edit-answer'; edits: readonly LineEdit[] }
  | { type: 'submit-answer' }
  | { type: 'open-step-list' }
  | { type: 'list-move'; delta: number }
  | { type: 'reset-step' }
  | { type: 'jump-here' }
  /** The rebuild ended; the steps before the target were replayed from their solutions, with these answers. */
  | {
      type: 'reset-finished';
      error?: string;
      answersByStep?: Readonly<Record<string, Readonly<Record<string, string>>>>;
    }
  /** The step's setup, applied when the learner began it afresh, ended (with the error when it failed). */
  | { type: 'setup-finished'; step: string; error?: string }
  | { type: 'cluster-changed'; cluster: ClusterState }
  /** Progress replaced from outside (a workshop instructor's reset): the guide moves to its step. */
  | { type: 'progress-replaced'; progress: LabProgress }
  | { type: 'notice'; notice: Notice }
  | { type: 'quit' };

export type Action = ActionBody & { at: string };
