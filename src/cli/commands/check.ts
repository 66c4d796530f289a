import { setMaxListeners } from 'node:events';
import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import type { Lab } from '../../core/lab.js';
import type { ClusterTarget } from '../../core/ports.js';
import type { CheckResult } from '../../app/labSession.js';
import { type CommandContext, defineCommand, flag, valueOption } from '../command.js';
import { jsonLabReport, jsonStepReport } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { combinedStatus, exitCodeFor } from '../report/summary.js';
import { renderStepText } from '../report/text.js';
import { explanationLines } from '../../core/explain/explainText.js';
import { createWatchPrinter } from '../report/watchPrinter.js';
import { openSession } from '../session.js';
import { prepareJunitFile } from '../junitFile.js';

const options = v.object({
  step: valueOption('grade this step (default: the step you are on)'),
  all: flag('grade every step of the lab, in order'),
  watch: flag('re-grade whenever what the checks read changes; stop when the step passes'),
  junit: valueOption('also write JUnit XML to this file, for CI'),
  explain: flag(
    'when the step fails, show where your objects differ from its reference solution (recorded like a hint)',
  ),
});

export default defineCommand({
  name: 'check',
  summary: 'grade the current step (or --step, --all) against the cluster',
  short: { step: 's', all: 'a', watch: 'w' },
  positionals: [{ name: 'lab', description: 'lab id or path (default: the lab you worked on last)', optional: true }],
  options,
  examples: [
    'labs check',
    'labs check clusterip --step create-service',
    'labs check clusterip --step create-service --explain',
    'labs check --watch',
    'labs check clusterip --all --json',
    'labs check clusterip --all --junit report.xml',
  ],
  async run(context) {
    const { args, options: flags, out, cwd, signal } = context;
    if (flags.all && flags.step) throw inputError('--all and --step cannot be combined', 'pass one of them');
    if (flags.explain && (flags.all || flags.watch || flags.json))
      throw inputError(
        '--explain explains one step to a person; it cannot be combined with --all, --watch or --json',
        'drop one of them',
      );
    if (flags.watch && (flags.all || flags.json || flags.junit)) {
      throw inputError(
        '--watch follows one step for a person; it cannot be combined with --all, --json or --junit',
        'drop --watch for CI, or the other flags',
      );
    }
    // Before anything is graded, so a bad path fails alone (exit 2) and --json prints only the error.
    const junit = flags.junit ? prepareJunitFile(flags.junit, cwd) : undefined;
    const session = openSession(context, args[0]);
    const { lab } = session;
    const labRef = args[0] ?? lab.id;
    const steps = flags.all ? lab.steps : [session.step(flags.step)];
    try {
      const { target } = await session.cluster();
      if (flags.watch) {
        const printer = createWatchPrinter(out, lab, target, labRef, undefined, flags.kubeconfig);
        const last = await session.watch(steps[0]!, {
          signal,
          onReport: (report, changed) => printer.onReport(report, changed),
          onNote: (note) => out.note(out.style.dim(note)),
        });
        printer.finish(last, signal.aborted);
        if (signal.aborted) return ExitCode.notPassed;
        return last ? exitCodeFor(last.status) : ExitCode.notPassed;
      }

      // Every step graded at once listens to Ctrl-C.
      setMaxListeners(steps.length + 10, signal);
      const result = await session.check(steps, {
        signal,
        publish(graded) {
          // First, so a failed write leaves stdout empty (one JSON document: the error) and progress untouched.
          junit?.write(renderJunit(lab, graded.reports, { durationMs: graded.durationMs, timestamp: graded.started }));
          print(context, lab, target, graded, labRef);
        },
      });
      if (!result) return ExitCode.interrupted;
      if (flags.explain && result.reports[0]!.status === 'failed') {
        const explanations = await session.explain(steps[0]!);
        out.line();
        for (const line of explanationLines(steps[0]!.title, explanations, out.style)) out.line(line);
      }
      return exitCodeFor(combinedStatus(result.reports));
    } finally {
      session.close();
    }
  },
});

function print(
  { out, options: flags }: CommandContext<v.InferOutput<typeof options>>,
  lab: Lab,
  target: ClusterTarget,
  { reports, durationMs }: CheckResult,
  labRef: string,
): void {
  if (out.json) {
    out.writeJson(
      flags.all ? jsonLabReport(lab, reports, durationMs, target) : jsonStepReport(lab, reports[0]!, target),
    );
    return;
  }
  reports.forEach((report, index) => {
    if (index > 0) out.line();
    for (const line of renderStepText(lab, report, target, {
      style: out.style,
      color: out.color,
      labRef,
      kubeconfig: flags.kubeconfig,
    }))
      out.line(line);
  });
}
