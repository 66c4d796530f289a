/**
 * `labs test` end to end: the built CLI against the test cluster (real API server, KWOK nodes,
 * no data plane). A sound fixture lab passes; a deliberately broken one exits 1 naming its broken
 * check and the wrong answer it accepts. Needs K8S_LABS_TEST_KUBECONFIG; skipped without it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig) {
  console.warn(
    'SKIPPED test/integration/labtest.test.ts: K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)',
  );
}

const CONTEXT = 'k8s-labs-test';
const good = path.join(repoRoot, 'test', 'fixtures', 'labtest-good', 'labs', 'labtest-good');
const broken = path.join(repoRoot, 'test', 'fixtures', 'labtest-broken', 'labs', 'labtest-broken');
const env = { KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: undefined };

/** A namespace of this run only, so parallel runs on one cluster do not meet. */
const namespace = (name: string): string => `${name}-${process.pid}`;

const namespaceExists = (name: string): boolean =>
  execFileSync(
    'kubectl',
    ['--kubeconfig', kubeconfig!, '--context', CONTEXT, 'get', 'namespace', name, '--ignore-not-found', '-o', 'name'],
    {
      encoding: 'utf8',
    },
  ).trim() !== '';

interface Verdicts {
  ok: boolean;
  dataPlane: boolean;
  summary: Record<string, number>;
  labs: {
    lab: string;
    status: string;
    cleanedUp: boolean;
    steps: {
      id: string;
      status: string;
      checks: { id: string; verdict: string; reason: string; precondition: boolean }[];
      fixtures: { name: string; verdict: string; reason: string }[];
    }[];
  }[];
}

describe.skipIf(!kubeconfig)('labs test against the test cluster', () => {
  it(
    'passes a sound lab: checks fail before and pass after, fixtures are rejected, nothing is left',
    { timeout: 240_000 },
    async () => {
      const ns = namespace('labtest-good');
      const junit = path.join(tempDir(), 'report.xml');
      const result = await runBin(
        ['test', good, '--json', '--context', CONTEXT, '--var', `namespace=${ns}`, '--junit', junit],
        { env, timeoutMs: 230_000 },
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as Verdicts;
      expect(report.ok).toBe(true);
      const [lab] = report.labs;
      expect(lab!.status).toBe('ok');
      const verdicts = lab!.steps.flatMap((step) =>
        step.checks.map((check) => `${step.id}/${check.id}: ${check.verdict}: ${check.reason}`),
      );
      const dataPlaneCheck = report.dataPlane
        ? 'ok: failed before, passed after the solution'
        : /^skipped: needs a data plane: /;
      expect(verdicts).toEqual([
        'settings/settings-configmap: ok: failed before, passed after the solution',
        'web-service/settings-still-there: ok: held before and after the solution',
        'web-service/web-service: ok: failed before, passed after the solution',
        expect.stringMatching(
          typeof dataPlaneCheck === 'string'
            ? `web-service/client-can-exec: ${dataPlaneCheck}`
            : /^web-service\/client-can-exec: skipped: needs a data plane: /,
        ),
        'web-service/web-cluster-ip: ok: failed before, passed after the solution',
      ]);
      expect(
        lab!.steps.flatMap((step) => step.fixtures.map((fixture) => `${fixture.name}: ${fixture.verdict}`)),
      ).toEqual([
        'settings-configmap/wrong-mode: ok',
        'settings-still-there/settings-deleted: ok',
        'web-cluster-ip/wrong-ip: ok',
        'web-service/selector-typo: ok',
      ]);
      expect(report.summary).toMatchObject({
        labs: 1,
        steps: 2,
        checksVerified: report.dataPlane ? 5 : 4,
        fixturesVerified: 4,
        violations: 0,
        errors: 0,
        skipped: report.dataPlane ? 0 : 1,
      });
      expect(lab!.cleanedUp).toBe(true);
      expect(namespaceExists(ns)).toBe(false);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toContain(
        `<testsuite name="labtest-good" tests="11" failures="0" errors="0" skipped="${report.dataPlane ? 0 : 1}"`,
      );
      expect(result.stderr).toContain('labtest-good: step web-service: ok');
    },
  );

  it('stopped with Ctrl-C, it deletes the namespaces it made on its way out', { timeout: 240_000 }, async () => {
    const ns = namespace('labtest-stop');
    const made = (): { name: string; terminating: boolean }[] =>
      (
        JSON.parse(
          execFileSync(
            'kubectl',
            ['--kubeconfig', kubeconfig!, '--context', CONTEXT, 'get', 'namespaces', '-o', 'json'],
            {
              encoding: 'utf8',
            },
          ),
        ) as { items: { metadata: { name: string; deletionTimestamp?: string } }[] }
      ).items
        .filter((item) => item.metadata.name.startsWith(`${ns}-`))
        .map((item) => ({ name: item.metadata.name, terminating: item.metadata.deletionTimestamp !== undefined }));
    let interrupted: { name: string; terminating: boolean }[] = [];
    const result = await runBin(['test', good, '--context', CONTEXT, '--var', `namespace=${ns}`], {
      env,
      timeoutMs: 230_000,
      onSpawn: (child) => {
        // As soon as the run has made a namespace of its own (ns-<run>-<n>), press Ctrl-C.
        const poll = setInterval(() => {
          if (child.exitCode !== null) return clearInterval(poll);
          interrupted = made();
          if (interrupted.length === 0) return;
          clearInterval(poll);
          child.kill('SIGINT');
        }, 250);
      },
    });
    expect(interrupted.length, result.stderr).toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(
      new RegExp(`labtest-good: the run stopped early; its namespaces are being deleted in the background: ${ns}-\\S+`),
    );
    // Asked for, not awaited: each namespace is terminating or already gone, none is left as it was.
    const left = made();
    expect(left.filter((space) => !space.terminating)).toEqual([]);
    for (const space of interrupted) expect(result.stderr).toContain(space.name);
  });

  it(
    'catches the broken lab: exit 1, naming the check that passes too early and the accepted wrong answer',
    { timeout: 240_000 },
    async () => {
      const ns = namespace('labtest-broken');
      const result = await runBin(['test', broken, '--context', CONTEXT, '--var', `namespace=${ns}`], {
        env,
        timeoutMs: 230_000,
      });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toMatch(
        /FAIL {2}settings-exists +passed before the solution was applied: the check is broken/,
      );
      expect(result.stdout).toMatch(
        /FAIL {2}fixture web-service\/selector-typo +web-service accepted a wrong answer: the selector has a typo/,
      );
      expect(result.stdout).toMatch(/ok {4}web-service +failed before, passed after the solution/);
      expect(result.stdout).toContain(
        'Summary: 1 lab, 2 steps: 1 check verified, 0 fixtures verified, 2 violations, 0 errors',
      );
      expect(namespaceExists(ns)).toBe(false);

      const json = await runBin(['test', broken, '--json', '--context', CONTEXT, '--var', `namespace=${ns}`], {
        env,
        timeoutMs: 230_000,
      });
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as Verdicts;
      expect(report.ok).toBe(false);
      expect(report.labs[0]!.steps[0]!.checks[0]).toMatchObject({ id: 'settings-exists', verdict: 'violated' });
    },
  );

  it(
    'keeps the cluster for inspection with --keep; `labs reset` then removes exactly the lab',
    { timeout: 240_000 },
    async () => {
      const ns = namespace('labtest-keep');
      const state = { K8S_LABS_STATE_DIR: tempDir('k8s-labs-state-') };
      const result = await runBin(['test', good, '--keep', '--context', CONTEXT, '--var', `namespace=${ns}`], {
        env: { ...env, ...state },
        timeoutMs: 230_000,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('cleanup skipped (--keep)');
      expect(namespaceExists(ns)).toBe(true);

      const reset = await runBin(['reset', good, '--yes', '--context', CONTEXT, '--var', `namespace=${ns}`], {
        env: { ...env, ...state },
        timeoutMs: 230_000,
      });
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toContain(`deleted namespace ${ns}`);
      expect(namespaceExists(ns)).toBe(false);
      expect(namespaceExists('default')).toBe(true);
    },
  );

  it('passes a lab fresh from `labs new` as it is', { timeout: 240_000 }, async () => {
    const root = tempDir();
    expect((await runBin(['new', 'scaffolded-lab'], { cwd: root })).code).toBe(0);
    const ns = namespace('scaffolded-lab');
    const result = await runBin(
      ['test', 'labs/scaffolded-lab', '--json', '--context', CONTEXT, '--var', `namespace=${ns}`],
      { cwd: root, env, timeoutMs: 230_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Verdicts;
    expect(report.summary).toMatchObject({ checksVerified: 1, fixturesVerified: 1, violations: 0 });
    expect(existsSync(path.join(root, 'labs', 'scaffolded-lab', 'lab.yaml'))).toBe(true);
  });
});
