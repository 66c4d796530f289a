/**
 * `labs test --all` gives the same verdicts whatever the machine's load and however the labs are
 * scheduled: a quiet run one lab at a time (`--jobs 1`), then three runs of all labs at once with
 * both cores kept busy by a CPU hog, must agree on every check's and every fixture's verdict.
 * Needs K8S_LABS_TEST_KUBECONFIG with real nodes: on KWOK nodes traffic checks are skipped, and
 * load changes nothing that they would show.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { nodePath, runBin } from '../helpers/bin.js';
import { realNodeCount, TEST_CONTEXT } from '../helpers/dataPlane.js';
import type { LabTestSummary } from '../../src/core/labTest/summary.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
const nodes = realNodeCount(kubeconfig);
if (!kubeconfig || nodes === 0) {
  console.warn(
    `SKIPPED test/integration/labtest-load.test.ts: ${
      kubeconfig
        ? 'the test cluster has no real nodes (start it without K8S_LABS_TESTCLUSTER_DATAPLANE=0)'
        : 'K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)'
    }`,
  );
}

/** No run may take longer; the hog never outlives it. */
const RUN_LIMIT_MS = 600_000;

interface Report {
  summary: LabTestSummary;
  labs: {
    lab: string;
    steps: {
      id: string;
      solutionError?: string;
      checks: { id: string; verdict: string; reason: string }[];
      fixtures: { name: string; verdict: string; reason: string; rejects: { id: string; verdict: string }[] }[];
    }[];
  }[];
}

/** Every verdict of a run, by "lab/step/check" and "lab/step/fixture/reject". */
function verdicts(report: Report): Record<string, string> {
  const found: Record<string, string> = {};
  for (const lab of report.labs)
    for (const step of lab.steps) {
      for (const check of step.checks) found[`${lab.lab}/${step.id}/${check.id}`] = check.verdict;
      for (const fixture of step.fixtures) {
        found[`${lab.lab}/${step.id}/${fixture.name}`] = fixture.verdict;
        for (const reject of fixture.rejects)
          found[`${lab.lab}/${step.id}/${fixture.name}/${reject.id}`] = reject.verdict;
      }
    }
  return found;
}

/** What went wrong, named: a violated or failed verdict must say which check or fixture. */
function named(report: Report): string[] {
  return report.labs.flatMap((lab) =>
    lab.steps.flatMap((step) => [
      ...step.checks
        .filter((check) => check.verdict !== 'ok')
        .map((check) => `${lab.lab}/${step.id}/${check.id}: ${check.verdict}: ${check.reason}`),
      ...step.fixtures
        .filter((fixture) => fixture.verdict !== 'ok')
        .map((fixture) => `${lab.lab}/${step.id}/${fixture.name}: ${fixture.verdict}: ${fixture.reason}`),
    ]),
  );
}

async function testAll(extra: string[]): Promise<Report> {
  const result = await runBin(['test', '--all', '--json', '--context', TEST_CONTEXT, ...extra], {
    env: { KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: undefined },
    timeoutMs: RUN_LIMIT_MS,
  });
  expect(result.stdout, result.stderr.slice(-2000)).not.toBe('');
  const report = JSON.parse(result.stdout) as Report;
  // Every violation of the run is traceable to its check or fixture in the report.
  const solutionErrors = report.labs.flatMap((lab) => lab.steps.filter((step) => step.solutionError)).length;
  expect(named(report).filter((line) => line.includes(': violated: ')).length + solutionErrors).toBe(
    report.summary.violations,
  );
  return report;
}

/** One busy loop per core, each ending by itself after `ms` even if nobody stops it. */
function startHog(ms: number): ChildProcess[] {
  const script = `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x = (x + 1) % 1e9;`;
  return Array.from({ length: Math.max(2, os.availableParallelism()) }, () =>
    spawn(nodePath, ['-e', script], { stdio: 'ignore' }),
  );
}

let hogs: ChildProcess[] = [];
afterEach(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
  hogs = [];
});

describe.skipIf(!kubeconfig || nodes === 0)('labs test verdicts under load', () => {
  it(
    'are the same one lab at a time on a quiet machine and all labs at once under a CPU hog, three times',
    async () => {
      const started = Date.now();
      const quiet = await testAll(['--jobs', '1']);
      const expected = verdicts(quiet);
      expect(quiet.summary.labs).toBe(4);
      expect(Object.keys(expected).length).toBeGreaterThan(150);
      const figures = [`quiet, --jobs 1: ${Math.round(quiet.summary.durationMs / 1000)} s`];
      for (let run = 1; run <= 3; run += 1) {
        hogs = startHog(RUN_LIMIT_MS);
        const loaded = await testAll([]);
        for (const hog of hogs) hog.kill('SIGKILL');
        hogs = [];
        figures.push(`under the hog, run ${run}: ${Math.round(loaded.summary.durationMs / 1000)} s`);
        expect(verdicts(loaded), `run ${run} under load: ${named(loaded).join('\n')}`).toEqual(expected);
      }
      console.info(
        `labs test verdicts under load: ${figures.join('; ')}; ${Math.round((Date.now() - started) / 1000)} s in all`,
      );
    },
    4 * RUN_LIMIT_MS + 60_000,
  );
});
