#!/usr/bin/env node
// `npm run bench:check`: wall time of `labs check` for one step against the test cluster, next to
// a bash verify script doing the same checks with kubectl and jq (as hosted lab platforms do).
// Runs them in alternation, prints the median of each and the ratio (target <= 0.25). It prints
// the figure; it asserts nothing.
//
// Needs K8S_LABS_TEST_KUBECONFIG (see test/cluster/up.sh), a built dist/ (`npm run build`),
// kubectl and jq. Env: BENCH_RUNS (default 15).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const kubeconfig = process.env.K8S_LABS_TEST_KUBECONFIG;
const runs = Number(process.env.BENCH_RUNS ?? 15);
const lab = path.join(root, 'test/fixtures/grading-bench/labs/bench');
const step = 'create-service';
const namespace = 'labs-bench';

function skip(why) {
  console.log(`bench:check skipped: ${why}`);
  process.exit(0);
}

if (!kubeconfig)
  skip(
    'K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh` and export the path it prints)',
  );
if (!existsSync(path.join(root, 'dist/cli.js'))) skip('dist/cli.js is missing: run `npm run build` first');
for (const tool of ['kubectl', 'jq', 'bash']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) skip(`${tool} is not installed`);
}

const context = spawnSync('kubectl', ['config', 'current-context', '--kubeconfig', kubeconfig], {
  encoding: 'utf8',
}).stdout.trim();
const state = mkdtempSync(path.join(os.tmpdir(), 'labs-bench-'));
const env = {
  ...process.env,
  KUBECONFIG: kubeconfig,
  K8S_LABS_CONTEXT: context,
  CONTEXT: context,
  NS: namespace,
  K8S_LABS_STATE_DIR: state,
  NO_COLOR: '1',
};

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 60_000, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ...result, ms };
}

function mustPass(name, result) {
  if (result.status === 0) return;
  console.error(`${name} did not pass (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  process.exit(1);
}

console.log(`preparing namespace ${namespace} on context ${context} ...`);
mustPass(
  'kubectl apply',
  run('kubectl', ['--context', context, 'apply', '-f', path.join(root, 'scripts/bench/state.yaml')]),
);
mustPass(
  'kubectl rollout status',
  run('kubectl', ['--context', context, '-n', namespace, 'rollout', 'status', 'deployment/web', '--timeout=90s']),
);

const labsArgs = [path.join(root, 'dist/cli.js'), 'check', lab, '--step', step];
const bashArgs = [path.join(root, 'scripts/bench/verify-service.sh')];
// Until the endpoints are ready both would fail; the first `labs check` also bundles the checkers
// into the cache, as an author's first run does. Neither is what is measured.
const deadline = Date.now() + 60_000;
while (run(process.execPath, labsArgs).status !== 0) {
  if (Date.now() > deadline) mustPass('labs check (warm-up)', run(process.execPath, labsArgs));
}
mustPass('labs check', run(process.execPath, labsArgs));
mustPass('verify-service.sh', run('bash', bashArgs));

const times = { labs: [], bash: [] };
for (let i = 0; i < runs; i++) {
  const labs = run(process.execPath, labsArgs);
  mustPass('labs check', labs);
  times.labs.push(labs.ms);
  const bash = run('bash', bashArgs);
  mustPass('verify-service.sh', bash);
  times.bash.push(bash.ms);
}
rmSync(state, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const labsMs = median(times.labs);
const bashMs = median(times.bash);
const ratio = labsMs / bashMs;
console.log(`runs: ${runs} each, alternating; 6 checks on step ${step}`);
console.log(
  `labs check         median ${labsMs.toFixed(0)} ms  (min ${Math.min(...times.labs).toFixed(0)}, max ${Math.max(...times.labs).toFixed(0)})`,
);
console.log(
  `kubectl+jq script  median ${bashMs.toFixed(0)} ms  (min ${Math.min(...times.bash).toFixed(0)}, max ${Math.max(...times.bash).toFixed(0)})`,
);
console.log(`ratio              ${ratio.toFixed(3)}  (target <= 0.25: ${ratio <= 0.25 ? 'met' : 'not met'})`);
