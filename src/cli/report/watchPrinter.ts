/** Output of `labs check --watch`: the first report in full, then only the checks that changed. */
import type { Lab } from '../../core/lab.js';
import type { ClusterTarget } from '../../core/ports.js';
import type { CheckReport, StepReport } from '../../core/grading/types.js';
import type { Output } from '../output.js';
import { checkLines, headerLine, summaryLine, type TextOptions } from './text.js';
import { followUp } from '../followUp.js';

export interface WatchPrinter {
  onReport(report: StepReport, changed: CheckReport[]): void;
  /** The closing lines: the summary, and how to go on when the watch was interrupted. */
  finish(report: StepReport | undefined, interrupted: boolean): void;
}

const clock = (date: Date): string => date.toTimeString().slice(0, 8);

export function createWatchPrinter(
  out: Output,
  lab: Lab,
  target: ClusterTarget,
  labRef: string,
  now: () => Date = () => new Date(),
  kubeconfig?: string,
): WatchPrinter {
  const options: TextOptions = { style: out.style, color: out.color, labRef, kubeconfig };
  const shownHints = new Set<string>();
  let first = true;
  return {
    onReport(report, changed) {
      if (first) {
        first = false;
        out.line(headerLine(lab, report.step, target, options));
        for (const check of report.checks) for (const line of checkLines(check, options, shownHints)) out.line(line);
        if (report.status !== 'passed')
          out.line(out.style.dim('Watching the cluster; fix things in another terminal. Ctrl-C stops.'));
        return;
      }
      const time = out.style.dim(clock(now()));
      for (const check of changed) {
        const [head, ...rest] = checkLines(check, options, shownHints);
        out.line(`${time} ${head!.trimStart()}`);
        for (const line of rest) out.line(`${' '.repeat(9)}${line.trimStart()}`);
      }
    },
    finish(report, interrupted) {
      if (!report) return;
      out.line(summaryLine(report, options));
      if (interrupted && report.status !== 'passed')
        out.line(
          out.style.dim(`Stopped. Run \`${followUp(`labs check ${labRef} --watch`, kubeconfig)}\` to continue.`),
        );
    },
  };
}
