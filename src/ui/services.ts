/**
 * What the terminal guide needs from the outside world. src/app/guideServices.ts builds these over
 * the lab session; tests pass fakes. Only types from the ports: the UI never imports an adapter.
 */
import type { Lab } from '../core/lab.js';
import type { SolutionFile } from '../core/labFiles.js';
import type { LabProgress } from '../core/progress.js';
import type { ClusterCapabilities, ClusterTarget, RunOptions, ShellRunner } from '../core/ports.js';
import type { GradeOptions, Grader, StepReport } from '../core/grading/types.js';
import type { ObjectExplanation } from '../core/explain/explainStep.js';

/** A connected lab cluster, with what the guide does with it. */
export interface ConnectedCluster {
  target: ClusterTarget;
  grader: Grader;
  /** Runs command blocks with KUBECONFIG pinned to the lab context. */
  shell: ShellRunner;
  capabilities(): Promise<ClusterCapabilities>;
  /**
   * Re-grades the step whenever the cluster changes, until it passes (with `keepWatching`, until
   * `signal` aborts): auto-check.
   * Absent when this build cannot watch.
   */
  watchStep?(
    lab: Lab,
    stepId: string,
    options: GradeOptions & {
      onReport(report: StepReport): void;
      onNote?(message: string): void;
      currentAnswers?: () => Readonly<Record<string, string>>;
      onReady?(regrade: () => void): void;
      onGrading?(grading: boolean): void;
      keepWatching?: boolean;
    },
  ): Promise<unknown>;
  /**
   * Rebuilds the cluster state at the start of a step (what `labs jump` does): resets the lab and
   * applies the solutions of the steps before it. Resolves to their reference answers by step id.
   * Absent when unavailable.
   */
  rebuildStep?(
    lab: Lab,
    stepId: string,
    vars: Readonly<Record<string, string>>,
    options: { signal: AbortSignal; onLine: RunOptions['onLine'] },
  ): Promise<Record<string, Record<string, string>>>;
  /**
   * Applies a step's `setup:` (what `labs jump` applies at the start of a step), hidden from the
   * learner: `onLine` gets the output of its commands. Absent when unavailable.
   */
  setupStep?(
    lab: Lab,
    stepId: string,
    vars: Readonly<Record<string, string>>,
    options: { signal: AbortSignal; onLine?: RunOptions['onLine'] },
  ): Promise<void>;
  /**
   * The learner's objects against the step's reference solution (`labs check --explain`), with
   * question answers hidden. Absent when this build cannot explain.
   */
  explain?(lab: Lab, stepId: string, vars: Readonly<Record<string, string>>): Promise<ObjectExplanation[]>;
  /** Releases sockets so the process can exit. */
  close(): void;
}

export type ConnectResult =
  | { ok: true; cluster: ConnectedCluster }
  | {
      ok: false;
      /** Shown in the header banner, e.g. "no lab cluster (kind-k8s-labs)". */
      message: string;
      /** True when pressing C can create the cluster (kind and docker are there, the context is the lab's). */
      canCreate: boolean;
      /** What to do instead, e.g. "run `labs doctor`". */
      next?: string;
    };

export interface CreateClusterOptions {
  onPhase(phase: string, elapsedMs: number): void;
  signal: AbortSignal;
}

/** The store the guide saves progress to (src/adapters/fs/progressStore.ts satisfies it). */
export interface ProgressSaver {
  /** Reads one lab's progress from the file, changes it and writes it back (atomically). */
  update(labId: string, change: (progress: LabProgress) => LabProgress): LabProgress;
}

export type { SolutionFile };

/** A lab opened for the guide: where the learner left off. */
export interface OpenedLab {
  lab: Lab;
  vars: Record<string, string>;
  progress: LabProgress;
  /** Index of the step to open. */
  stepIndex: number;
}

/** A row of the lab picker. */
export interface LabChoice {
  id: string;
  title: string;
  estimatedMinutes: number;
  steps: number;
  /** Steps passed or skipped. */
  done: number;
  /** Steps that cannot pass on this cluster (their checks need a data plane). */
  needsDataPlane?: number;
  /** Where the learner left off, by step title. */
  at?: string;
  /** The lab worked on last. */
  current: boolean;
  /** Set when the lab's content is broken: why it cannot be opened. */
  problem?: string;
}

export interface TuiServices {
  /** The cluster the guide connects to, for messages: e.g. kind-k8s-labs. */
  contextName: string;
  /** The `--context` the learner gave, repeated in the hint on how to resume. */
  contextFlag?: string;
  /** A workshop attendee's `--kubeconfig`, as given: the resume hint names it instead of --context and --var. */
  kubeconfigFlag?: string;
  /** Connects to the lab cluster; never creates one. */
  connect(signal: AbortSignal): Promise<ConnectResult>;
  /** Creates the lab cluster; called only when the learner presses C. */
  createCluster?(options: CreateClusterOptions): Promise<void>;
  /** Runs command blocks while there is no cluster: kubectl in them reaches no cluster at all. */
  offlineShell: ShellRunner;
  progress: ProgressSaver;
  openLab(id: string): OpenedLab;
  loadSolution(lab: Lab, stepId: string): Promise<SolutionFile[]>;
  /** False when this build cannot rebuild a step (the solutions module is missing). */
  canRebuild: boolean;
  now(): Date;
  /** Auto-check's re-grading delays for a failing step (default 5 s, 7.5 s, then every 10 s). */
  failingRegradeMs?: readonly number[];
  /** How long a command block may run. Default 30 minutes. */
  commandTimeoutMs?: number;
  /**
   * A workshop attendee's guide: calls `onReset` with the progress of each reset the instructor
   * makes while the guide is open (already saved), until `signal` aborts.
   */
  followResets?(lab: Lab, onReset: (progress: LabProgress) => void, signal: AbortSignal): Promise<void>;
}
