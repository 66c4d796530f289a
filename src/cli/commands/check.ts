import { setMaxListeners } from 'node:events';
import { mkdirSync, watch as watchFiles } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import type { Lab, Step } from '../../core/lab.js';
import { type LabProgress, recordCheck } from '../../core/progress.js';
import { answersOf, gradeOptionsFor } from '../../core/grading/stepInputs.js';
import type { Grader, StepReport } from '../../core/grading/types.js';
import { watchStep } from '../../core/grading/watchStep.js';
import { openCluster, type ClusterSession } from '../../adapters/connect.js';
import { createSessionGrader } from '../../adapters/checkers/sessionGrader.js';
import type { ProgressStore } from '../../adapters/fs/progressStore.js';
import { type CommandContext, defineCommand, flag, valueOption } from '../command.js';
import { openProgressStore, resolveLab, resolveStep, resolveVariables } from '../labContext.js';
import { jsonLabReport, jsonStepReport } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { combinedStatus, exitCodeFor } from '../report/summary.js';
import { renderStepText } from '../report/text.js';
import { createWatchPrinter } from '../report/watchPrinter.js';
import { prepareJunitFile } from '../junitFile.js';

const options = v.object({
  step: valueOption('grade this step (default: the step you are on)'),
  all: flag('grade every step of the lab, in order'),
  watch: flag('re-grade whenever what the checks read changes; stop when the step passes'),
  junit: valueOption('also write JUnit XML to this file, for CI'),
});
type Options = v.InferOutput<typeof options>;

export default defineCommand({
  name: 'check',
  summary: 'grade the current step (or --step, --all) against the cluster',
  short: { step: 's', all: 'a', watch: 'w' },
  positionals: [{ name: 'lab', description: 'lab id or path (default: the lab you worked on last)', optional: true }],
  options,
  examples: [
    'labs check',
    'labs check clusterip --step create-service',
    'labs check --watch',
    'labs check clusterip --all --json',
    'labs check clusterip --all --junit report.xml',
  ],
  async run(context) {
    const { args, options: flags, out, env, cwd, signal } = context;
    if (flags.all && flags.step) throw inputError('--all and --step cannot be combined', 'pass one of them');
    if (flags.watch && (flags.all || flags.json || flags.junit)) {
      throw inputError(
        '--watch follows one step for a person; it cannot be combined with --all, --json or --junit',
        'drop --watch for CI, or the other flags',
      );
    }
    // Before anything is graded, so a bad path fails alone (exit 2) and --json prints only the error.
    const junit = flags.junit ? prepareJunitFile(flags.junit, cwd) : undefined;
    const store = openProgressStore(out, env);
    const lab = resolveLab(args[0], store, cwd);
    const labRef = args[0] ?? lab.id;
    const vars = resolveVariables(lab, flags.var, env);
    const progress = store.load(lab.id);
    const steps = flags.all ? lab.steps : [resolveStep(lab, progress, flags.step)];
    const session = await openCluster({ context: flags.context, env });
    try {
      const grader = createSessionGrader(session);
      if (store.currentLab() !== lab.id) store.setCurrentLab(lab.id);
      if (flags.watch) return await watch(context, { lab, labRef, step: steps[0]!, vars, store, session, grader });

      // Every step graded at once listens to Ctrl-C.
      setMaxListeners(steps.length + 10, signal);
      const started = Date.now();
      const reports = await Promise.all(
        steps.map((step) => grader.gradeStep(lab, step.id, gradeOptionsFor(step, progress, vars, signal))),
      );
      const durationMs = Date.now() - started;
      if (signal.aborted) return ExitCode.interrupted;
      // First, so a failed write leaves stdout empty (one JSON document: the error) and progress untouched.
      junit?.write(renderJunit(lab, reports, { durationMs, timestamp: new Date(started) }));
      print(context, lab, labRef, reports, durationMs, session);
      record(store, lab, reports);
      return exitCodeFor(combinedStatus(reports));
    } finally {
      session.close();
    }
  },
});

/** Remembers graded steps; a run that could not grade (an error) says nothing about the step. */
function record(store: ProgressStore, lab: Lab, reports: readonly StepReport[]): void {
  const at = new Date().toISOString();
  const graded = reports.filter((report) => report.status !== 'error');
  if (graded.length === 0) return;
  store.update(lab.id, (progress) =>
    graded.reduce(
      (next: LabProgress, report) => recordCheck(next, report.step, report.status === 'passed', at),
      progress,
    ),
  );
}

function print(
  context: CommandContext<Options>,
  lab: Lab,
  labRef: string,
  reports: StepReport[],
  durationMs: number,
  session: ClusterSession,
): void {
  const { out, options: flags } = context;
  if (out.json) {
    out.writeJson(
      flags.all
        ? jsonLabReport(lab, reports, durationMs, session.target)
        : jsonStepReport(lab, reports[0]!, session.target),
    );
    return;
  }
  reports.forEach((report, index) => {
    if (index > 0) out.line();
    for (const line of renderStepText(lab, report, session.target, { style: out.style, color: out.color, labRef }))
      out.line(line);
  });
}

interface WatchInputs {
  lab: Lab;
  labRef: string;
  step: Step;
  vars: Record<string, string>;
  store: ProgressStore;
  session: ClusterSession;
  grader: Grader;
}

async function watch(context: CommandContext<Options>, inputs: WatchInputs): Promise<ExitCode> {
  const { out, signal } = context;
  const { lab, labRef, step, vars, store, session, grader } = inputs;
  const printer = createWatchPrinter(out, lab, session.target, labRef);
  const progress = store.load(lab.id);
  // Answers given with `labs answer` in another terminal land in the progress file: re-grade then.
  const progressDir = path.join(store.dir, 'progress');
  mkdirSync(progressDir, { recursive: true });
  let lastAnswers = JSON.stringify(answersOf(progress, step.id));
  const currentAnswers = (): Record<string, string> => answersOf(store.load(lab.id), step.id);
  const stopFileWatch = new AbortController();
  let last: StepReport | undefined;
  try {
    last = await watchStep(grader, session.reader, lab, step.id, {
      ...gradeOptionsFor(step, progress, vars, signal),
      currentAnswers,
      onReady(regrade) {
        watchFiles(progressDir, { signal: stopFileWatch.signal }, (_event, name) => {
          if (name !== `${lab.id}.json`) return;
          const answers = JSON.stringify(currentAnswers());
          if (answers === lastAnswers) return;
          lastAnswers = answers;
          regrade();
        }).on('error', () => {});
      },
      onReport: (report, changed) => {
        last = report;
        printer.onReport(report, changed);
      },
      onNote: (note) => out.note(out.style.dim(note)),
    });
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    stopFileWatch.abort();
  }
  if (last && last.status !== 'error') record(store, lab, [last]);
  printer.finish(last, signal.aborted);
  if (signal.aborted) return ExitCode.notPassed;
  return last ? exitCodeFor(last.status) : ExitCode.notPassed;
}
