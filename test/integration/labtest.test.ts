/**
 * `labs test` end to end: the built CLI against the test cluster (real API server, KWOK nodes,
 * no data plane). A sound fixture lab passes; a deliberately broken one exits 1 naming its broken
 * check and the wrong answer it accepts. Needs K8S_LABS_TEST_KUBECONFIG; skipped without it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshRunId } from '../../src/core/labTest/runMarks.js';
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
    'killed outright, it leaves its namespaces marked; a later run deletes them once nobody has refreshed the mark for 5 min',
    { timeout: 240_000 },
    async () => {
      const ns = namespace('labtest-killed');
      const kubectl = (...args: string[]): string =>
        execFileSync('kubectl', ['--kubeconfig', kubeconfig!, '--context', CONTEXT, ...args], { encoding: 'utf8' });
      const marked = (): { name: string; run: string; seen: string; terminating: boolean }[] =>
        (
          JSON.parse(kubectl('get', 'namespaces', '-l', 'k8s-labs.dev/test-run', '-o', 'json')) as {
            items: {
              metadata: {
                name: string;
                labels: Record<string, string>;
                annotations?: Record<string, string>;
                deletionTimestamp?: string;
              };
            }[];
          }
        ).items
          .filter((item) => item.metadata.name.startsWith(`${ns}-`))
          .map(({ metadata }) => ({
            name: metadata.name,
            run: metadata.labels['k8s-labs.dev/test-run']!,
            seen: metadata.annotations?.['k8s-labs.dev/test-run-seen'] ?? '',
            terminating: metadata.deletionTimestamp !== undefined,
          }));
      /** A run id no other suite on the cluster uses at the same time. */
      const standInRun = (): string => freshRunId(new Set());
      const standIn = (name: string, run: string, seen: string): void => {
        kubectl('create', 'namespace', name);
        kubectl('label', 'namespace', name, `k8s-labs.dev/test-run=${run}`);
        kubectl('annotate', 'namespace', name, `k8s-labs.dev/test-run-seen=${seen}`);
      };
      const backdate = (name: string, seen: string): void => {
        try {
          kubectl('annotate', 'namespace', name, `k8s-labs.dev/test-run-seen=${seen}`, '--overwrite');
        } catch {
          // Gone meanwhile (it was terminating).
        }
      };
      // A run of another machine, alive: seen a minute ago. The sweep must leave it alone.
      const alive = `${ns}-${standInRun()}-1`;
      standIn(alive, alive.split('-').at(-2)!, new Date(Date.now() - 60_000).toISOString());
      try {
        // As a CI job's timeout would: SIGKILL to the process group, no chance to clean up, once
        // the run marked a namespace it still uses. The run may have asked for that namespace's
        // deletion in the moment before the kill: then it is tried again.
        let run = '';
        let before: ReturnType<typeof marked> = [];
        for (let attempt = 1; attempt <= 3 && before.length === 0; attempt++) {
          const prefix = `${ns}-a${attempt}`;
          let killedWith: ReturnType<typeof marked> = [];
          /** Marked and in use at the poll before: one whose deletion was in flight is terminating by now. */
          let inUse = new Set<string>();
          const killed = await runBin(['test', good, '--context', CONTEXT, '--var', `namespace=${prefix}`], {
            env,
            timeoutMs: 230_000,
            detached: true,
            onSpawn: (child) => {
              const poll = setInterval(() => {
                if (child.exitCode !== null) return clearInterval(poll);
                try {
                  killedWith = marked().filter((space) => space.name.startsWith(`${prefix}-`));
                } catch {
                  return; // kubectl failed this once: ask again.
                }
                const now = new Set(killedWith.filter((space) => !space.terminating).map((space) => space.name));
                const still = [...now].some((name) => inUse.has(name));
                inUse = now;
                if (!still) return;
                clearInterval(poll);
                process.kill(-child.pid!, 'SIGKILL');
              }, 250);
            },
          });
          expect(killed.code, killed.stderr).not.toBe(0);
          expect(killedWith.length, killed.stderr).toBeGreaterThan(0);
          run = killedWith[0]!.run;
          expect(run).toMatch(/^[0-9a-z]{4}$/);
          expect(Date.now() - Date.parse(killedWith[0]!.seen)).toBeLessThan(60_000);
          before = marked().filter((space) => space.run === run && !space.terminating);
          console.info(`attempt ${attempt}: killed run ${run} left ${before.length} marked namespace(s) it still used`);
        }
        expect(before.length).toBeGreaterThan(0);

        // Within the 5 minutes the killed run might still be alive elsewhere: nothing of it is deleted.
        const early = await runBin(
          ['test', good, '--context', CONTEXT, '--var', `namespace=${ns}-b`, '--step', 'settings'],
          { env, timeoutMs: 230_000 },
        );
        expect(early.code, early.stderr).toBe(0);
        expect(early.stderr).not.toContain(`(run ${run},`);
        expect(marked().filter((space) => space.run === run && !space.terminating)).toEqual(before);

        // Ten minutes later, as far as the marks say (terminating namespaces too: their fresh
        // time would keep the run alive); and a stand-in for another killed run.
        const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
        for (const space of marked().filter((each) => each.run === run)) backdate(space.name, tenMinutesAgo);
        const staleRun = standInRun();
        const stale = `${ns}-${staleRun}-1`;
        standIn(stale, staleRun, tenMinutesAgo);
        // Integration files run side by side: another suite's labs test may sweep them first.
        const sweptElsewhere = marked().some(
          (space) => space.terminating && [stale, before[0]!.name].includes(space.name),
        );
        const later = await runBin(
          ['test', good, '--context', CONTEXT, '--var', `namespace=${ns}-c`, '--step', 'settings'],
          { env, timeoutMs: 230_000 },
        );
        expect(later.code, later.stderr).toBe(0);
        const swept = `left by an earlier labs test run that stopped without cleaning up`;
        if (later.stderr.includes(`(run ${staleRun},`) || !sweptElsewhere) {
          expect(later.stderr).toContain(
            `deleting 1 namespace ${swept} (run ${staleRun}, last seen 10 min ago): ${stale}`,
          );
          const names = before.map((space) => space.name).sort();
          expect(later.stderr).toContain(`${swept} (run ${run}, last seen 10 min ago): ${names.join(' ')}`);
        }
        // Whoever swept: nothing of the killed runs is left as it was, the live run's namespace
        // is untouched, and the runs that ended cleaned up after themselves.
        expect(
          marked()
            .filter((space) => !space.terminating)
            .map((space) => space.name),
        ).toEqual([alive]);
      } finally {
        const ours = kubectl('get', 'namespaces', '-o', 'name')
          .split('\n')
          .map((line) => line.replace(/^namespace\//, ''))
          .filter((name) => name.startsWith(`${ns}-`));
        if (ours.length > 0) kubectl('delete', 'namespace', '--wait=false', '--ignore-not-found', ...ours);
      }
    },
  );

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
