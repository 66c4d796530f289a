// `labs check` through the built bin against a fake API server (plain HTTP) holding the objects
// each test needs: every status, the exit codes, --json, --all and --junit. Build first.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab, root, SERVICES, useFakeCluster } from '../fixtures/grading-api/e2eHarness.js';

const h = useFakeCluster();

describe('labs check', () => {
  it('passes (exit 0) when the cluster is right and the question answered', async () => {
    const answered = await h.labs(['answer', lab, 'web-port', '80/TCP']);
    expect(answered).toMatchObject({
      code: 0,
      stdout: 'Which port does the web Service in demos listen on?\nPASS  "80/TCP" is right\n',
    });
    const run = await h.labs(['check', lab, '--step', 'expose']);
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\(\d+(\.\d+)? s\)/, '(T)')).toBe(
      [
        `basic / expose (step 1 of 3: Expose web) on k8s-labs-test at ${h.api.url}`,
        'PASS  web is a ClusterIP Service: found in demos',
        'PASS  its targetPort is the port the pods listen on: targetPort 8080',
        'PASS  web has 2 ready endpoints: 2 ready',
        'PASS  Which port does the web Service in demos listen on? [web-port]: "80/TCP" is right',
        'Passed: all 4 checks (T)',
        '',
      ].join('\n'),
    );
    const progress = JSON.parse(readFileSync(path.join(h.state, 'progress', 'basic.json'), 'utf8')) as {
      steps: Record<string, { status: string }>;
    };
    expect(progress.steps['expose']!.status).toBe('passed');
  });

  it('fails (exit 1) with messages and the first unseen hint when the work is not done', async () => {
    h.api.remove(SERVICES, 'web', 'demos');
    const run = await h.labs(['check', lab, '--step', 'expose']);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.slice(1, 8)).toEqual([
      'FAIL  web is a ClusterIP Service: there is no Service "web" in demos yet',
      '      hint: Make a Service named web in demos.',
      'FAIL  its targetPort is the port the pods listen on: no Service yet',
      'PASS  web has 2 ready endpoints: 2 ready',
      'FAIL  Which port does the web Service in demos listen on? [web-port]: not answered yet',
      `      answer with: labs answer ${lab} web-port <value>`,
      expect.stringMatching(/^Not passed yet: 4 checks, 1 passed, 3 not yet \(/),
    ]);
  });

  it('judges the outcome, not how it was made: a Service from `kubectl expose` passes too', async () => {
    // What `kubectl expose deployment web --port 80 --target-port 8080` creates: no type field written by
    // the user, selector copied from the Deployment, a named protocol.
    h.api.put(SERVICES, {
      metadata: { name: 'web', namespace: 'demos', labels: { app: 'web' } },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
        type: 'ClusterIP',
        sessionAffinity: 'None',
      },
    });
    const run = await h.labs(['check', lab, '--step', 'expose', '--json']);
    expect(
      (JSON.parse(run.stdout) as { checks: { status: string }[] }).checks.slice(0, 3).map((c) => c.status),
    ).toEqual(['pass', 'pass', 'pass']);
  });

  it('reports a checker that throws or never returns as an error (exit 3), not a failure', async () => {
    const run = await h.labs(['check', lab, '--step', 'broken']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('ERROR a checker that throws: the checker failed: the checker itself is broken\n');
    expect(run.stdout).toContain('ERROR a checker that never returns: timed out after 0.5 s\n');
    expect(run.ms).toBeLessThan(5000);
  });

  it('skips data-plane checks on a cluster of KWOK fake nodes (exit 1, never a pass)', async () => {
    const run = await h.labs(['check', lab, '--step', 'traffic']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^SKIP {2}the jumpbox gets an answer from web: needs a data plane: every node is a KWOK fake node/m,
    );
    expect(run.stdout).toMatch(/^Incomplete: 2 checks, 1 passed, 1 skipped/m);
  });

  it('exits 3 within 5 s when the cluster is unreachable', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'closed-'));
    const closed = path.join(dir, 'kubeconfig');
    writeFileSync(closed, readFileSync(h.kubeconfig, 'utf8').replace(h.api.url, 'https://127.0.0.1:1'));
    const run = await h.labs(['check', lab, '--step', 'expose'], { KUBECONFIG: closed });
    expect(run.code).toBe(3);
    expect(run.ms).toBeLessThan(5000);
    expect(run.stdout).toContain(
      'error: cannot reach the Kubernetes API server https://127.0.0.1:1 (context k8s-labs-test): connection refused',
    );
    expect(run.stdout).toMatch(/^next: /m);
  });

  it('prints one JSON document with the documented shape', async () => {
    const run = await h.labs(['check', lab, '--step', 'traffic', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      schemaVersion: 1,
      lab: 'basic',
      step: 'traffic',
      title: 'Traffic',
      status: 'incomplete',
      context: 'k8s-labs-test',
      server: h.api.url,
    });
    expect(report['checks']).toEqual([
      {
        id: 'service-exists',
        title: 'web is a ClusterIP Service',
        kind: 'check',
        status: 'pass',
        message: 'found in demos',
        hint: null,
        durationMs: expect.any(Number),
        error: null,
      },
      {
        id: 'http-ok',
        title: 'the jumpbox gets an answer from web',
        kind: 'check',
        status: 'skipped',
        message: expect.stringContaining('needs a data plane'),
        hint: null,
        durationMs: expect.any(Number),
        error: null,
      },
    ]);
  });

  it('grades every step with --all, and writes JUnit XML', async () => {
    const junit = path.join(h.state, 'out', 'report.xml');
    const run = await h.labs(['check', lab, '--all', '--json', '--junit', junit]);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { status: string; steps: { step: string; status: string }[] };
    expect(report.status).toBe('error');
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['expose', 'failed'],
      ['broken', 'error'],
      ['traffic', 'incomplete'],
    ]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="k8s-labs basic" tests="8" failures="1" errors="2" skipped="1"');
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
  });

  it('refuses an unwritable --junit path before grading: exit 2, one JSON document, nothing graded or recorded', async () => {
    const blocker = path.join(h.state, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const requests = h.api.requests.length;
    const run = await h.labs([
      'check',
      lab,
      '--step',
      'expose',
      '--json',
      '--junit',
      path.join(blocker, 'out', 'report.xml'),
    ]);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as { error: { message: string; next: string; exitCode: number } };
    expect(doc.error).toMatchObject({ exitCode: 2, next: 'pass a writable path to --junit' });
    expect(doc.error.message).toContain(`cannot write the JUnit report to ${path.join(blocker, 'out', 'report.xml')}`);
    expect(h.api.requests.length).toBe(requests);
    expect(existsSync(path.join(h.state, 'progress', 'basic.json'))).toBe(false);
    expect(run.stderr).not.toMatch(/unexpected failure|bug/);
  });

  it('leaves no empty file behind when the --junit path is fine but grading cannot run', async () => {
    const junit = path.join(h.state, 'ci', 'report.xml');
    const run = await h.labs(['check', lab, '--step', 'nope', '--junit', junit]);
    expect(run.code).toBe(2);
    expect(existsSync(path.dirname(junit))).toBe(true);
    expect(existsSync(junit)).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'treats a JUnit write that fails after grading as bad input: exit 2, one JSON document, nothing recorded',
    async () => {
      // /dev/full opens for writing but every write fails (ENOSPC).
      const run = await h.labs(['check', lab, '--step', 'expose', '--json', '--junit', '/dev/full']);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({
        error: {
          message: expect.stringMatching(/^cannot write the JUnit report to \/dev\/full: ENOSPC/),
          next: 'pass a writable path to --junit',
          exitCode: 2,
        },
      });
      expect(existsSync(path.join(h.state, 'progress', 'basic.json'))).toBe(false);
      const text = await h.labs(['check', lab, '--step', 'expose', '--junit', '/dev/full']);
      expect(text).toMatchObject({ code: 2, stdout: '' });
      expect(text.stderr).toContain('error: cannot write the JUnit report to /dev/full: ENOSPC');
    },
  );

  it('rejects bad input with exit 2', async () => {
    expect((await h.labs(['check', lab, '--step', 'nope'])).code).toBe(2);
    expect((await h.labs(['check', lab, '--all', '--step', 'expose'])).code).toBe(2);
    const copy = mkdtempSync(path.join(os.tmpdir(), 'broken-lab-'));
    cpSync(path.join(root, 'test/fixtures/grading-basic'), copy, { recursive: true });
    writeFileSync(
      path.join(copy, 'checkers/basic/crashes.ts'),
      'export default { title: "x", run(ctx) { return ctx.pass( } };\n',
    );
    const run = await h.labs(['check', path.join(copy, 'labs/basic'), '--step', 'broken']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/checker .*crashes\.ts does not compile:\n {2}.*crashes\.ts:1:\d+: /);
  });
});
