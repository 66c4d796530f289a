/** StepReports as JUnit XML for CI systems: one testsuite per step, one testcase per check. */
import type { Lab } from '../../core/lab.js';
import type { CheckReport, StepReport } from '../../core/grading/types.js';
import { escapeXml } from '../../core/xml.js';
import { countChecks } from './summary.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(lab: Lab, step: string, check: CheckReport): string {
  const open = `    <testcase name="${escapeXml(`${check.id}: ${check.title}`)}" classname="${escapeXml(`${lab.id}.${step}`)}" time="${seconds(check.durationMs)}"`;
  const message = escapeXml(check.message);
  switch (check.status) {
    case 'pass':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
    case 'fail': {
      const body = check.hint ? `${check.message}\nhint: ${check.hint}` : check.message;
      return `${open}>\n      <failure message="${message}" type="${check.kind === 'question' ? 'wrong-answer' : 'not-passed'}">${escapeXml(body)}</failure>\n    </testcase>`;
    }
    case 'error': {
      const body = check.next ? `${check.message}\nnext: ${check.next}` : check.message;
      return `${open}>\n      <error message="${message}" type="${check.errorKind ?? 'checker'}">${escapeXml(body)}</error>\n    </testcase>`;
    }
  }
}

function attributes(checks: readonly CheckReport[], durationMs: number): string {
  const counts = countChecks(checks);
  return `tests="${counts.total}" failures="${counts.fail}" errors="${counts.error}" skipped="${counts.skipped}" time="${seconds(durationMs)}"`;
}

export function renderJunit(
  lab: Lab,
  reports: readonly StepReport[],
  options: { durationMs: number; timestamp: Date },
): string {
  const all = reports.flatMap((report) => report.checks);
  const timestamp = options.timestamp.toISOString().replace(/\.\d{3}Z$/, '');
  const suites = reports.map((report) =>
    [
      `  <testsuite name="${escapeXml(`${lab.id}/${report.step}`)}" ${attributes(report.checks, report.durationMs)} timestamp="${timestamp}">`,
      ...report.checks.map((check) => testcase(lab, report.step, check)),
      '  </testsuite>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`k8s-labs ${lab.id}`)}" ${attributes(all, options.durationMs)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
