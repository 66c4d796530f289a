/**
 * Watch mode: grade, then re-grade whenever an object the checks read changes (API watch, not
 * polling), until the step passes (or, with `keepWatching`, until the signal aborts). Bursts of events are coalesced: grading
 * starts on the first event, and events that arrive meanwhile cause exactly one more grading.
 */
import type { Lab } from '../lab.js';
import type { ClusterReader, WatchTarget } from '../ports.js';
import type { CheckReport, GradeOptions, Grader, StepReport } from './types.js';
import { messageOf } from '../../errors.js';

export interface WatchStepOptions extends GradeOptions {
  /** Every report; `changed` holds the checks whose status or message differ from the last one. */
  onReport(report: StepReport, changed: CheckReport[]): void;
  /** Learner-facing notes, e.g. that the watch fell back to polling. */
  onNote?(message: string): void;
  /** Re-grading period when the API watch cannot be used. Default 2000 ms. */
  pollIntervalMs?: number;
  /** The answers to use for each grading; defaults to `answers`. Lets a watcher pick up new answers. */
  currentAnswers?: () => Readonly<Record<string, string>>;
  /** Called with a function that triggers a re-grade, for changes outside the cluster (answers). */
  onReady?(regrade: () => void): void;
  /** A grading started (true) or the last one queued ended (false). */
  onGrading?(grading: boolean): void;
  /**
   * One extra grading this long after each new subscription, for a change made between the
   * grading's reads and the moment the watch is in place. Default 1000 ms.
   */
  resyncAfterMs?: number;
  /**
   * Keep watching after the step settles, so a later change (breaking a passed step) is graded
   * too: the guide's auto-check. Default false: `labs check --watch` ends on a pass.
   */
  keepWatching?: boolean;
}

/** True when nothing is left for the learner to do: every check passed or was skipped. */
const settled = (report: StepReport): boolean => report.status === 'passed' || report.status === 'incomplete';

const key = (target: WatchTarget): string => `${target.kind}/${target.namespace ?? '*'}`;

/**
 * Resolves with the last report when the step settles (passed, or passed except skipped checks)
 * unless `keepWatching`, or when `options.signal` aborts. Rejects only when grading itself throws (e.g. broken checkers).
 */
export function watchStep(
  grader: Grader,
  reader: ClusterReader,
  lab: Lab,
  stepId: string,
  options: WatchStepOptions,
): Promise<StepReport> {
  const { signal } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const stop = new AbortController();
  const targets = new Map<string, WatchTarget>();
  let watchController: AbortController | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let resyncTimer: ReturnType<typeof setTimeout> | undefined;
  let last: StepReport | undefined;
  let grading = false;
  let again = false;

  return new Promise<StepReport>((resolve, reject) => {
    const finish = (): void => {
      if (stop.signal.aborted) return;
      stop.abort();
      watchController?.abort();
      clearInterval(pollTimer);
      clearTimeout(resyncTimer);
      signal?.removeEventListener('abort', finish);
      if (last) resolve(last);
      else reject(signal?.reason ?? new Error('watch stopped before the first grading'));
    };
    signal?.addEventListener('abort', finish, { once: true });

    const startPolling = (why: string): void => {
      if (pollTimer || stop.signal.aborted) return;
      options.onNote?.(`${why}; re-checking every ${pollIntervalMs / 1000} s instead`);
      pollTimer = setInterval(regrade, pollIntervalMs);
    };

    const subscribe = (report: StepReport): void => {
      let grew = false;
      for (const target of report.reads ?? []) {
        if (!targets.has(key(target))) {
          targets.set(key(target), target);
          grew = true;
        }
      }
      if (!grew || pollTimer || stop.signal.aborted) return;
      // Watch the union of everything read so far; a check may read more once earlier state exists.
      watchController?.abort();
      const controller = new AbortController();
      watchController = controller;
      reader
        .watch([...targets.values()], () => regrade(), controller.signal)
        .catch((error: unknown) => {
          if (controller.signal.aborted || stop.signal.aborted) return;
          startPolling(`the API watch failed (${messageOf(error)})`);
        });
      clearTimeout(resyncTimer);
      resyncTimer = setTimeout(regrade, options.resyncAfterMs ?? 1000);
    };

    async function gradeLoop(): Promise<void> {
      grading = true;
      options.onGrading?.(true);
      try {
        do {
          again = false;
          const answers = options.currentAnswers?.() ?? options.answers;
          const report = await grader.gradeStep(lab, stepId, { ...options, answers, wait: false });
          if (stop.signal.aborted) return;
          const changed = changedChecks(last, report);
          last = report;
          options.onReport(report, changed);
          if (settled(report) && !options.keepWatching) return finish();
          subscribe(report);
        } while (again && !stop.signal.aborted);
      } finally {
        grading = false;
        if (!stop.signal.aborted) options.onGrading?.(false);
      }
    }

    function regrade(): void {
      if (stop.signal.aborted) return;
      if (grading) {
        again = true;
        return;
      }
      gradeLoop().catch((error: unknown) => {
        if (stop.signal.aborted) return;
        stop.abort();
        watchController?.abort();
        clearInterval(pollTimer);
        clearTimeout(resyncTimer);
        reject(error);
      });
    }

    if (signal?.aborted) return finish();
    options.onReady?.(regrade);
    regrade();
  });
}

/** Checks that are new or whose status or message changed since `previous`. */
export function changedChecks(previous: StepReport | undefined, next: StepReport): CheckReport[] {
  if (!previous) return next.checks;
  const before = new Map(previous.checks.map((check) => [check.id, check]));
  return next.checks.filter((check) => {
    const old = before.get(check.id);
    return !old || old.status !== check.status || old.message !== check.message;
  });
}
