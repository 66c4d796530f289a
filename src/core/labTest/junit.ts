/**
 * JUnit XML for `labs test --junit FILE`, read by CI systems: one testsuite per lab, one
 * testcase per check of a step, per wrong-answer fixture, and per reference solution.
 */
import { escapeXml } from '../xml.js';
import type { LabTestSummary } from './summary.js';
import type { LabTestReport, StepTestReport, Verdict } from './types.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

interface Case {
  classname: string;
  name: string;
  ms: number;
  outcome: 'ok' | 'failure' | 'error' | 'skipped';
  message?: string;
  detail?: string;
}

const outcomeOf = (verdict: Verdict): Case['outcome'] =>
  verdict === 'violated' ? 'failure' : verdict === 'error' ? 'error' : verdict === 'skipped' ? 'skipped' : 'ok';

function stepCases(lab: string, step: StepTestReport): Case[] {
  const classname = `${lab}.${step.id}`;
  if (step.status === 'not-run') {
    return [
      { classname, name: 'step', ms: 0, outcome: 'skipped', message: 'not run: an earlier step did not complete' },
    ];
  }
  const cases: Case[] = [];
  if (step.error)
    cases.push({ classname, name: 'grading', ms: step.durationMs, outcome: 'error', message: step.error });
  for (const check of step.checks) {
    const rule = check.precondition ? 'holds before and after the solution' : 'fails before, passes after the solution';
    const detail = [
      check.before ? `before: ${check.before.status}: ${check.before.message}` : 'before: not graded',
      check.after ? `after: ${check.after.status}: ${check.after.message}` : 'after: not graded',
    ].join('\n');
    cases.push({
      classname,
      name: `${check.kind} ${check.id} ${rule}`,
      ms: (check.before?.durationMs ?? 0) + (check.after?.durationMs ?? 0),
      outcome: outcomeOf(check.verdict),
      message: check.reason,
      detail,
    });
  }
  for (const fixture of step.fixtures) {
    cases.push({
      classname,
      name: `fixture ${fixture.name} is rejected`,
      ms: fixture.durationMs,
      outcome: outcomeOf(fixture.verdict),
      message: fixture.reason,
      detail: [
        `${fixture.file}: ${fixture.description}`,
        ...fixture.rejects.map((r) => `${r.id}: ${r.status}: ${r.message}`),
      ].join('\n'),
    });
  }
  cases.push({
    classname,
    name: 'reference solution applies',
    ms: step.timings.solutionMs,
    outcome: step.solutionError ? 'failure' : 'ok',
    ...(step.solutionError ? { message: step.solutionError } : {}),
  });
  return cases;
}

function renderCase(c: Case): string {
  const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${seconds(c.ms)}"`;
  if (c.outcome === 'ok') return `${open}/>`;
  const message = escapeXml(c.message ?? '');
  const body =
    c.outcome === 'skipped'
      ? `      <skipped message="${message}"/>`
      : `      <${c.outcome} message="${message}" type="${c.outcome === 'failure' ? 'violated' : 'error'}">${escapeXml(c.detail ?? c.message ?? '')}</${c.outcome}>`;
  return `${open}>\n${body}\n    </testcase>`;
}

type Counts = Record<'tests' | 'failures' | 'errors' | 'skipped', number>;

function countCases(cases: readonly Case[]): Counts {
  const count = (outcome: Case['outcome']): number => cases.filter((c) => c.outcome === outcome).length;
  return { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
}

const countAttributes = (counts: Counts): string =>
  `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;

function labCases(report: LabTestReport): Case[] {
  const cases = report.steps.flatMap((step) => stepCases(report.lab, step));
  if (report.error) {
    const ms = report.timings.resetMs + report.timings.cleanupMs;
    cases.unshift({ classname: report.lab, name: 'reset and cleanup', ms, outcome: 'error', message: report.error });
  }
  return cases;
}

export function renderJunit(
  reports: readonly LabTestReport[],
  summary: LabTestSummary,
  properties: Record<string, string>,
): string {
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = reports.map((report) => {
    const cases = labCases(report);
    const counts = countCases(cases);
    for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += counts[key];
    const vars = Object.entries(report.vars).map(([name, value]) => [`var.${name}`, value] as const);
    const props = [...Object.entries(properties), ...vars].map(
      ([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`,
    );
    return [
      `  <testsuite name="${escapeXml(report.lab)}" ${countAttributes(counts)} time="${seconds(report.durationMs)}">`,
      ...(props.length > 0 ? ['    <properties>', ...props, '    </properties>'] : []),
      ...cases.map(renderCase),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="labs test" ${countAttributes(totals)} time="${seconds(summary.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
