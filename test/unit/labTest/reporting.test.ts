import { describe, expect, it } from 'vitest';
import { formatLabEnd, formatStep, formatSummary } from '../../../src/core/labTest/format.js';
import { renderJunit } from '../../../src/core/labTest/junit.js';
import { summarize } from '../../../src/core/labTest/summary.js';
import type { LabTestReport, StepTestReport } from '../../../src/core/labTest/types.js';

const plain = {
  bold: (t: string) => t,
  dim: (t: string) => t,
  green: (t: string) => t,
  red: (t: string) => t,
  yellow: (t: string) => t,
};
const timings = { beforeMs: 1200, fixturesMs: 800, solutionMs: 400, afterMs: 300 };

const step: StepTestReport = {
  id: 'create-service',
  title: 'Create the Service',
  status: 'violated',
  timings,
  durationMs: 2700,
  checks: [
    {
      id: 'service-exists',
      title: 'Service "web" exists',
      kind: 'check',
      precondition: false,
      before: { status: 'pass', message: 'Service "web" exists', durationMs: 10 },
      after: { status: 'pass', message: 'Service "web" exists', durationMs: 20 },
      verdict: 'violated',
      reason: 'passed before the solution was applied: the check is broken',
    },
    {
      id: 'curl-works',
      title: 'curl reaches web',
      kind: 'check',
      precondition: false,
      before: { status: 'skipped', message: 'needs a data plane: KWOK', durationMs: 0 },
      after: { status: 'skipped', message: 'needs a data plane: KWOK', durationMs: 0 },
      verdict: 'skipped',
      reason: 'needs a data plane: KWOK',
    },
    {
      id: 'port',
      title: 'Which port? <& "quoted">',
      kind: 'question',
      precondition: false,
      before: { status: 'fail', message: 'not answered yet', durationMs: 1 },
      after: { status: 'pass', message: '"80" is right', durationMs: 2 },
      verdict: 'ok',
      reason: 'failed before, passed after the solution',
    },
  ],
  fixtures: [
    {
      name: 'service-exists/typo',
      file: '/c/checkers/l/fixtures/service-exists/typo.yaml',
      description: 'selector <typo>',
      step: 'create-service',
      verdict: 'ok',
      reason: 'rejected by service-exists',
      rejects: [{ id: 'service-exists', status: 'fail', message: 'no', verdict: 'ok' }],
      durationMs: 800,
    },
  ],
};

const report: LabTestReport = {
  lab: 'web-lab',
  title: 'Web',
  status: 'violated',
  vars: { namespace: 'web' },
  steps: [
    step,
    {
      id: 'scale',
      title: 'Scale',
      status: 'not-run',
      checks: [],
      fixtures: [],
      timings: { beforeMs: 0, fixturesMs: 0, solutionMs: 0, afterMs: 0 },
      durationMs: 0,
    },
  ],
  timings: { resetMs: 1000, cleanupMs: 900 },
  cleanedUp: true,
  durationMs: 5000,
};

describe('labs test reports', () => {
  it('summarises verified, violated and skipped separately', () => {
    expect(summarize([report], 5100)).toEqual({
      labs: 1,
      steps: 1,
      checksVerified: 1,
      fixturesVerified: 1,
      violations: 1,
      errors: 0,
      skipped: 1,
      durationMs: 5100,
    });
  });

  it('prints a step with durations and a verdict per check and fixture', () => {
    expect(formatStep(step, 1, plain)).toEqual([
      '  step 2 create-service                2.7 s (before 1.2 s, fixtures 0.8 s, solution 0.4 s, after 0.3 s)',
      '    FAIL  service-exists               passed before the solution was applied: the check is broken',
      '    skip  curl-works                   needs a data plane: KWOK',
      '    ok    port                         failed before, passed after the solution',
      '    ok    fixture service-exists/typo  rejected by service-exists',
    ]);
    expect(formatStep(report.steps[1]!, 2, plain)).toEqual([
      '  step 3 scale                         not run: an earlier step did not complete',
    ]);
    expect(formatLabEnd(report, plain)).toEqual([
      '  cleanup                              0.9 s',
      '  FAILED web-lab in 5.0 s',
    ]);
    expect(formatSummary(summarize([report], 5100), plain)).toBe(
      'Summary: 1 lab, 1 step: 1 check verified, 1 fixture verified, 1 violation, 0 errors, 1 skipped (no data plane) in 5.1 s',
    );
    // With a data plane nothing is skipped, and the summary does not claim there is none.
    expect(formatSummary({ ...summarize([report], 5100), skipped: 0 }, plain)).toBe(
      'Summary: 1 lab, 1 step: 1 check verified, 1 fixture verified, 1 violation, 0 errors, 0 skipped in 5.1 s',
    );
  });

  it('widens the name column for long fixture names and shows a solution that did not apply', () => {
    const long = structuredClone(step);
    long.fixtures[0]!.name = 'service-exists/selector-has-a-long-typo';
    long.solutionError =
      'the reference solution could not be applied: kubectl apply failed:\nThe Service "web" is invalid';
    const fixtureName = 'fixture service-exists/selector-has-a-long-typo';
    expect(fixtureName.length).toBe(47);
    expect(formatStep(long, 0, plain).slice(1)).toEqual([
      `    FAIL  ${'service-exists'.padEnd(47)} passed before the solution was applied: the check is broken`,
      `    skip  ${'curl-works'.padEnd(47)} needs a data plane: KWOK`,
      `    ok    ${'port'.padEnd(47)} failed before, passed after the solution`,
      `    ok    ${fixtureName} rejected by service-exists`,
      `    FAIL  ${'solution'.padEnd(47)} the reference solution could not be applied: kubectl apply failed:\n      The Service "web" is invalid`,
    ]);
  });

  it('says when the cluster was kept for inspection', () => {
    expect(formatLabEnd({ ...report, cleanedUp: false, status: 'ok' }, plain)).toEqual([
      '  cleanup skipped (--keep): the cluster is left as the last step made it',
      '  ok web-lab in 5.0 s',
    ]);
  });

  it('writes JUnit XML: a suite per lab, a case per check, fixture and solution, escaped', () => {
    const xml = renderJunit([report], summarize([report], 5100), { context: 'kind-k8s-labs' });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="labs test" tests="6" failures="1" errors="0" skipped="2" time="5.100">',
        '  <testsuite name="web-lab" tests="6" failures="1" errors="0" skipped="2" time="5.000">',
        '    <properties>',
        '      <property name="context" value="kind-k8s-labs"/>',
        '      <property name="var.namespace" value="web"/>',
        '    </properties>',
        '    <testcase classname="web-lab.create-service" name="check service-exists fails before, passes after the solution" time="0.030">',
        '      <failure message="passed before the solution was applied: the check is broken" type="violated">before: pass: Service &quot;web&quot; exists',
        'after: pass: Service &quot;web&quot; exists</failure>',
        '    </testcase>',
        '    <testcase classname="web-lab.create-service" name="check curl-works fails before, passes after the solution" time="0.000">',
        '      <skipped message="needs a data plane: KWOK"/>',
        '    </testcase>',
        '    <testcase classname="web-lab.create-service" name="question port fails before, passes after the solution" time="0.003"/>',
        '    <testcase classname="web-lab.create-service" name="fixture service-exists/typo is rejected" time="0.800"/>',
        '    <testcase classname="web-lab.create-service" name="reference solution applies" time="0.400"/>',
        '    <testcase classname="web-lab.scale" name="step" time="0.000">',
        '      <skipped message="not run: an earlier step did not complete"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('keeps JUnit XML well-formed whatever the messages hold', () => {
    const nasty = structuredClone(report);
    nasty.steps[0]!.checks[0]!.reason = `it's bad <tag> & "quote" 🚀 \u001b[31mred\u001b[39m`;
    const xml = renderJunit([nasty], summarize([nasty], 1), {});
    expect(xml).toContain('message="it&apos;s bad &lt;tag&gt; &amp; &quot;quote&quot; 🚀 [31mred[39m"');
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('<properties>\n    </properties>');
  });
});
