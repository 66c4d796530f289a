import { describe, expect, it } from 'vitest';
import type { StepReport } from '../../../src/core/grading/types.js';
import { jsonLabReport, jsonStepReport } from '../../../src/cli/report/json.js';
import { renderJunit } from '../../../src/cli/report/junit.js';
import { combinedStatus, exitCodeFor } from '../../../src/cli/report/summary.js';
import { renderStepText } from '../../../src/cli/report/text.js';
import { colorStyle, plainStyle } from '../../../src/cli/output.js';
import { makeLab } from './fakes.js';

const lab = makeLab([{ id: 'scene' }, { id: 'expose' }]);
const target = { context: 'kind-k8s-labs', server: 'https://127.0.0.1:6443', kubeconfigPath: '/tmp/k' };

const report: StepReport = {
  lab: 'demo',
  step: 'expose',
  status: 'error',
  durationMs: 212.4,
  checks: [
    { id: 'exists', title: 'Service web exists', kind: 'check', status: 'pass', message: 'found', durationMs: 12.2 },
    {
      id: 'port',
      title: 'port 80 -> 8080',
      kind: 'check',
      status: 'fail',
      message: 'targetPort is 80',
      hint: 'look at the containerPort',
      durationMs: 9,
    },
    {
      id: 'ready',
      title: '3 ready endpoints',
      kind: 'check',
      status: 'error',
      message: 'cannot reach the API server',
      errorKind: 'environment',
      next: 'run `labs cluster up`',
      durationMs: 3001,
    },
    {
      id: 'curl',
      title: 'reachable from the jumpbox',
      kind: 'check',
      status: 'skipped',
      message: 'needs a data plane: fake nodes',
      durationMs: 1,
    },
    {
      id: 'count',
      title: 'How many labels?',
      kind: 'question',
      status: 'fail',
      message: 'not answered yet',
      hint: 'look at the containerPort',
      durationMs: 0,
    },
  ],
};

describe('text report', () => {
  it('prints words as marks when plain, hints once, and the next step for errors', () => {
    expect(renderStepText(lab, report, target, { style: plainStyle, color: false, labRef: 'demo' })).toEqual([
      'demo / expose (step 2 of 2: Step expose) on kind-k8s-labs at https://127.0.0.1:6443',
      'PASS  Service web exists: found',
      'FAIL  port 80 -> 8080: targetPort is 80',
      '      hint: look at the containerPort',
      'ERROR 3 ready endpoints: cannot reach the API server',
      'SKIP  reachable from the jumpbox: needs a data plane: fake nodes',
      'FAIL  How many labels? [count]: not answered yet',
      '      answer with: labs answer demo count <value>',
      'Could not grade: 5 checks, 1 passed, 2 not yet, 1 could not run, 1 skipped (0.21 s)',
      'next: run `labs cluster up`',
    ]);
  });

  it("names an attendee's workshop kubeconfig in the command it suggests, quoted when the shell needs it", () => {
    const answerLine = (kubeconfig: string): string | undefined =>
      renderStepText(lab, report, target, { style: plainStyle, color: false, labRef: 'demo', kubeconfig }).find(
        (line) => line.includes('answer with:'),
      );
    expect(answerLine('alice.kubeconfig')).toBe(
      '      answer with: labs answer demo count <value> --kubeconfig alice.kubeconfig',
    );
    expect(answerLine("/tmp/my class/bob's.kubeconfig")).toBe(
      `      answer with: labs answer demo count <value> --kubeconfig '/tmp/my class/bob'\\''s.kubeconfig'`,
    );
  });

  it('uses symbols on a colour terminal', () => {
    const lines = renderStepText(lab, { ...report, checks: report.checks.slice(0, 1), status: 'passed' }, target, {
      style: colorStyle,
      color: true,
      labRef: 'demo',
    });
    expect(lines[1]).toContain('✔');
    expect(lines[2]).toContain('Passed');
  });
});

describe('JSON report', () => {
  it('has the documented shape for one step', () => {
    expect(jsonStepReport(lab, report, target)).toEqual({
      schemaVersion: 1,
      lab: 'demo',
      context: 'kind-k8s-labs',
      server: 'https://127.0.0.1:6443',
      status: 'error',
      step: 'expose',
      title: 'Step expose',
      durationMs: 212,
      checks: [
        {
          id: 'exists',
          title: 'Service web exists',
          kind: 'check',
          status: 'pass',
          message: 'found',
          hint: null,
          durationMs: 12,
          error: null,
        },
        {
          id: 'port',
          title: 'port 80 -> 8080',
          kind: 'check',
          status: 'fail',
          message: 'targetPort is 80',
          hint: 'look at the containerPort',
          durationMs: 9,
          error: null,
        },
        {
          id: 'ready',
          title: '3 ready endpoints',
          kind: 'check',
          status: 'error',
          message: 'cannot reach the API server',
          hint: null,
          durationMs: 3001,
          error: { kind: 'environment', next: 'run `labs cluster up`' },
        },
        {
          id: 'curl',
          title: 'reachable from the jumpbox',
          kind: 'check',
          status: 'skipped',
          message: 'needs a data plane: fake nodes',
          hint: null,
          durationMs: 1,
          error: null,
        },
        {
          id: 'count',
          title: 'How many labels?',
          kind: 'question',
          status: 'fail',
          message: 'not answered yet',
          hint: 'look at the containerPort',
          durationMs: 0,
          error: null,
        },
      ],
    });
  });

  it('lists every step under steps for --all, with the worst status overall', () => {
    const passed: StepReport = { lab: 'demo', step: 'scene', status: 'passed', durationMs: 5, checks: [] };
    const all = jsonLabReport(lab, [passed, report], 300, undefined);
    expect(Object.keys(all)).toEqual(['schemaVersion', 'lab', 'context', 'server', 'status', 'durationMs', 'steps']);
    expect(all.status).toBe('error');
    expect(all.steps.map((s) => [s.step, s.status])).toEqual([
      ['scene', 'passed'],
      ['expose', 'error'],
    ]);
  });
});

describe('JUnit report', () => {
  it('writes one testsuite per step and one testcase per check', () => {
    const xml = renderJunit(lab, [report], { durationMs: 212, timestamp: new Date('2025-01-02T03:04:05.678Z') });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="k8s-labs demo" tests="5" failures="2" errors="1" skipped="1" time="0.212">',
        '  <testsuite name="demo/expose" tests="5" failures="2" errors="1" skipped="1" time="0.212" timestamp="2025-01-02T03:04:05">',
        '    <testcase name="exists: Service web exists" classname="demo.expose" time="0.012"/>',
        '    <testcase name="port: port 80 -&gt; 8080" classname="demo.expose" time="0.009">',
        '      <failure message="targetPort is 80" type="not-passed">targetPort is 80\nhint: look at the containerPort</failure>',
        '    </testcase>',
        '    <testcase name="ready: 3 ready endpoints" classname="demo.expose" time="3.001">',
        '      <error message="cannot reach the API server" type="environment">cannot reach the API server\nnext: run `labs cluster up`</error>',
        '    </testcase>',
        '    <testcase name="curl: reachable from the jumpbox" classname="demo.expose" time="0.001">',
        '      <skipped message="needs a data plane: fake nodes"/>',
        '    </testcase>',
        '    <testcase name="count: How many labels?" classname="demo.expose" time="0.000">',
        '      <failure message="not answered yet" type="wrong-answer">not answered yet\nhint: look at the containerPort</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes markup, keeps emoji and drops characters XML cannot hold', () => {
    const nasty: StepReport = {
      ...report,
      checks: [{ ...report.checks[1]!, message: `it's <b> & "x" 🚀\u001b[31m`, hint: undefined }],
    };
    const xml = renderJunit(lab, [nasty], { durationMs: 9, timestamp: new Date('2025-01-02T03:04:05.678Z') });
    expect(xml).toContain(
      '<failure message="it&apos;s &lt;b&gt; &amp; &quot;x&quot; 🚀[31m" type="not-passed">it&apos;s &lt;b&gt; &amp; &quot;x&quot; 🚀[31m</failure>',
    );
  });
});

describe('status and exit codes', () => {
  it('maps the worst status to the exit code', () => {
    const of = (...statuses: StepReport['status'][]) =>
      combinedStatus(statuses.map((status) => ({ ...report, status })));
    expect(exitCodeFor(of('passed', 'passed'))).toBe(0);
    expect(exitCodeFor(of('passed', 'incomplete'))).toBe(1);
    expect(exitCodeFor(of('failed', 'incomplete'))).toBe(1);
    expect(exitCodeFor(of('failed', 'error'))).toBe(3);
  });
});
