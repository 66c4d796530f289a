import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { formatLabEnd, formatReset, formatStep, formatSummary, seconds } from '../../core/labTest/format.js';
import { renderJunit } from '../../core/labTest/junit.js';
import { type LabTestSummary, summarize, testPassed } from '../../core/labTest/summary.js';
import type { LabTestEvent } from '../../core/labTest/types.js';
import { formatProblemLocation, resolveLabArgument, selectLabs } from '../../adapters/fs/labRepository.js';
import { openLabTestRun, ownedByPlan, type PlannedLab, planLabTests } from '../../app/labTests.js';
import { partialRunNote, selectPart } from '../../core/labTest/selection.js';
import { defineCommand, flag, valueOption } from '../command.js';
import { followUp } from '../followUp.js';
import { labWhere } from '../../core/lab.js';
import { loadLab } from '../../adapters/fs/labRepository.js';
import { type AttendeeAccess, readAttendeeAccess } from '../../app/workshop/attendeeAccess.js';
import { attendeeAccessFor } from '../../app/workshop/attendeeSession.js';
import { confirmChange } from '../confirm.js';
import type { Output } from '../output.js';
import { prepareJunitFile } from '../junitFile.js';

export default defineCommand({
  name: 'test',
  summary: 'prove labs work on a cluster: checks fail before and pass after solutions',
  short: { yes: 'y' },
  positionals: [{ name: 'lab', description: 'lab ids or paths (or --all)', optional: true, variadic: true }],
  options: v.object({
    all: flag('test every lab (./labs in a lab repository, else the built-in ones)'),
    junit: valueOption('also write a JUnit XML report to this file'),
    keep: flag('leave the cluster as the last step made it, for inspection'),
    jobs: valueOption('how many labs to test at once (default: all; 1 tests them one after the other)'),
    step: valueOption(
      'test this step only (earlier steps are replayed untested): quicker, but it does not prove the lab',
    ),
    fixture: valueOption('try this fixture only (e.g. service-endpoints/selector-typo), in its step'),
    yes: flag('delete what the labs own without asking first (without a terminal, as in CI, it never asks)'),
  }),
  examples: [
    'labs test clusterip',
    'labs test --all --junit labs-report.xml',
    'labs test ./labs/my-lab --context kind-k8s-labs --keep --yes',
    'labs test ./labs/my-lab --step create-service',
    'labs test ./labs/my-lab --fixture service-endpoints/selector-typo',
  ],
  async run({ args, options, out, env, cwd, signal, interactive }) {
    if (options.kubeconfig && args.length === 0 && !options.all)
      args.push(readAttendeeAccess(options.kubeconfig, env, cwd).config.lab);
    if (args.length === 0 && !options.all)
      throw inputError('name the labs to test, or pass --all', 'e.g. `labs test clusterip` or `labs test --all`');
    if (args.length > 0 && options.all) throw inputError('pass lab names or --all, not both', 'e.g. `labs test --all`');
    const jobs = options.jobs === undefined ? undefined : Number(options.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1))
      throw inputError(`--jobs ${options.jobs} is not a whole number of at least 1`, 'e.g. `--jobs 1`');
    // Before the run, so a bad path fails alone (exit 2) instead of after minutes of testing.
    const junit = options.junit ? prepareJunitFile(options.junit, cwd) : undefined;
    // A workshop attendee tests the workshop's lab, in their own namespaces, with its variables.
    const attendee = options.kubeconfig ? attendeeTestAccess(options.kubeconfig, args, options, env, cwd) : undefined;
    const planned = planLabTests(
      options.all ? selectLabs([], cwd) : args.flatMap((arg) => resolveLabArgument(arg, cwd)),
      attendee ? Object.entries(attendee.config.vars).map(([name, value]) => `${name}=${value}`) : options.var,
      env,
      (problem) => out.note(`${formatProblemLocation(problem, cwd)}: ${problem.message}\n  fix: ${problem.fix}`),
    );
    const plan = attendee ? planned.map((entry) => ({ ...entry, lab: labWhere(entry.lab, 'workshop') })) : planned;
    const partial = narrowPlan(plan, options.step, options.fixture);
    if (partial) out.note(partial);
    const owned = ownedByPlan(plan);

    // Fails fast (exit 3) when the cluster cannot be read, before anything is reset.
    const session = await openLabTestRun({ context: options.context, env, signal, ...(attendee ? { attendee } : {}) });
    try {
      const context = session.target.context;
      // Without a terminal (CI) nobody can answer: the run goes ahead, as a CI job means it to.
      const go = await confirmChange(
        out,
        `Reset and test ${plan.length} lab${plan.length === 1 ? '' : 's'} on context ${context}? This deletes ${owned}.`,
        { yes: options.yes || !interactive, interactive, signal, cancelled: 'Nothing was changed; no lab was tested.' },
      );
      if (!go) {
        if (out.json) out.writeJson({ ok: false, cancelled: true, context, labs: [] });
        return ExitCode.notPassed;
      }
      const capabilities = await session.capabilities();
      const header = `labs test on context ${session.target.context}: ${
        capabilities.dataPlane
          ? 'with a data plane'
          : `no data plane, so checks that need one are skipped (${capabilities.reason ?? 'API only'})`
      }`;
      if (out.json) out.note(header);
      else out.line(out.style.bold(header));

      const started = Date.now();
      const reports = await session.run(plan, {
        keep: options.keep,
        ...(jobs === undefined ? {} : { jobs }),
        signal,
        onEvent: (event) => printEvent(event, out),
        onNote: (message) => out.note(message),
      });
      const summary = summarize(reports, Date.now() - started);

      if (junit) {
        try {
          junit.write(
            renderJunit(reports, summary, {
              context: session.target.context,
              dataPlane: String(capabilities.dataPlane),
            }),
          );
        } catch (error) {
          // Under --json the error is the one document; as text, the results above still get their summary.
          if (!out.json) printSummary(out, summary);
          throw error;
        }
        out.note(`JUnit report written to ${junit.shown}`);
      }
      if (out.json) {
        out.writeJson({
          ok: testPassed(summary),
          context: session.target.context,
          dataPlane: capabilities.dataPlane,
          ...(capabilities.reason ? { dataPlaneReason: capabilities.reason } : {}),
          summary,
          labs: reports,
        });
      } else {
        printSummary(out, summary);
      }
      return testPassed(summary) ? ExitCode.ok : ExitCode.notPassed;
    } finally {
      session.close();
    }
  },
});

/** The attendee's access, refusing --var, --context, --all and labs other than the workshop's. */
function attendeeTestAccess(
  kubeconfig: string,
  args: readonly string[],
  options: { var: readonly string[]; context?: string | undefined; all: boolean },
  env: NodeJS.ProcessEnv,
  cwd: string,
): AttendeeAccess {
  const access = attendeeAccessFor({
    kubeconfig,
    lab: undefined,
    varFlags: options.var,
    context: options.context,
    env,
    cwd,
    warn: () => undefined,
  });
  const { lab } = access.config;
  const others = args.filter((arg) => loadLab(arg, cwd).id !== lab);
  if (options.all || others.length > 0)
    throw inputError(
      `workshop "${access.config.workshop}" is for lab "${lab}"${others.length > 0 ? `, not ${others.map((arg) => `"${arg}"`).join(', ')}` : ''}; with its kubeconfig only that lab can be tested`,
      `run \`${followUp(`labs test ${lab}`, kubeconfig)}\``,
    );
  return access;
}

/** Narrows a one-lab plan to `--step` / `--fixture`; returns the note that the run is partial. */
function narrowPlan(plan: PlannedLab[], step: string | undefined, fixture: string | undefined): string | undefined {
  if (step === undefined && fixture === undefined) return undefined;
  const [only, ...others] = plan;
  if (!only || others.length > 0)
    throw inputError('--step and --fixture need one lab', 'name the lab, e.g. `labs test ./labs/my-lab --step two`');
  const part = selectPart(only.lab, only.fixtures, { step, fixture });
  if (!part) return undefined;
  plan[0] = { ...only, fixtures: part.fixtures, onlyStep: part.onlyStep };
  return partialRunNote(only.lab, part, fixture !== undefined);
}

function printSummary(out: Output, summary: LabTestSummary): void {
  out.line('');
  out.line(formatSummary(summary, out.style));
}

function printEvent(event: LabTestEvent, out: Output): void {
  const { style } = out;
  if (out.json) {
    // Progress for people watching a CI log; stdout stays one JSON document.
    if (event.type === 'step')
      out.note(`${event.lab.id}: step ${event.step.id}: ${event.step.status} (${seconds(event.step.durationMs)})`);
    if (event.type === 'lab-end')
      out.note(`${event.lab.id}: ${event.report.status} in ${seconds(event.report.durationMs)}`);
    return;
  }
  switch (event.type) {
    case 'lab-start':
      out.line('');
      out.line(`${style.bold(event.lab.id)}  ${event.lab.manifest.title}`);
      break;
    case 'reset':
      out.line(formatReset(event.durationMs, style));
      break;
    case 'step':
      for (const line of formatStep(
        event.step,
        event.lab.steps.findIndex((step) => step.id === event.step.id),
        style,
      ))
        out.line(line);
      break;
    case 'lab-end':
      for (const line of formatLabEnd(event.report, style)) out.line(line);
      break;
  }
}
