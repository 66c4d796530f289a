#!/usr/bin/env node
// How fast `labs check --watch` turns green: the time from `kubectl apply` of the fix being
// accepted by the API server to the "Passed" line, over a few runs (target < 0.5 s). Uses the
// bench lab (test/fixtures/grading-bench) and the state in scripts/bench/state.yaml.
//
//   K8S_LABS_TEST_KUBECONFIG=... node scripts/bench/watch-latency.mjs     (env WATCH_RUNS, default 5)
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kubeconfig = process.env.K8S_LABS_TEST_KUBECONFIG;
const runs = Number(process.env.WATCH_RUNS ?? 5);
const lab = path.join(root, 'test/fixtures/grading-bench/labs/bench');
const namespace = 'labs-bench';

if (!kubeconfig) {
  console.log('watch-latency skipped: K8S_LABS_TEST_KUBECONFIG is not set');
  process.exit(0);
}
if (!existsSync(path.join(root, 'dist/cli.js'))) {
  console.log('watch-latency skipped: dist/cli.js is missing: run `npm run build` first');
  process.exit(0);
}

const context = spawnSync('kubectl', ['config', 'current-context', '--kubeconfig', kubeconfig], {
  encoding: 'utf8',
}).stdout.trim();
const state = mkdtempSync(path.join(os.tmpdir(), 'labs-watch-'));
const env = {
  ...process.env,
  KUBECONFIG: kubeconfig,
  K8S_LABS_CONTEXT: context,
  K8S_LABS_STATE_DIR: state,
  NO_COLOR: '1',
};
const kubectl = (args, input) => {
  const result = spawnSync('kubectl', ['--context', context, ...args], {
    env,
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
};

// The Service is the learner's fix; everything else is the state the step starts from.
const manifests = readFileSync(path.join(root, 'scripts/bench/state.yaml'), 'utf8').split(/^---$/m);
const serviceYaml = manifests.find((doc) => /kind:\s*Service\b/.test(doc));
kubectl(['apply', '-f', path.join(root, 'scripts/bench/state.yaml')]);
kubectl(['-n', namespace, 'rollout', 'status', 'deployment/web', '--timeout=90s']);

async function once() {
  kubectl(['-n', namespace, 'delete', 'service', 'web', '--ignore-not-found', '--wait=true']);
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist/cli.js'), 'check', lab, '--step', 'create-service', '--watch'],
    { env },
  );
  let out = '';
  let passedAt;
  const ready = new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Ctrl-C stops.')) resolve();
      if (passedAt === undefined && /^Passed/m.test(out)) passedAt = performance.now();
    });
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await Promise.race([ready, exited]);
  // A learner takes longer than this to type the fix; it lets the watch and its resync settle.
  await sleep(1500);
  // Asynchronously, so the watch's output is timed as it arrives, not after kubectl returns.
  const applyStarted = performance.now();
  const apply = spawn('kubectl', ['--context', context, 'apply', '-f', '-'], {
    env,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  apply.stdin.end(serviceYaml);
  const applied = await new Promise((resolve) => apply.on('exit', resolve));
  const accepted = performance.now();
  if (applied !== 0) throw new Error('kubectl apply of the Service failed');
  const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout')]);
  if (code === 'timeout') child.kill('SIGINT');
  if (passedAt === undefined) throw new Error(`the watch did not pass (exit ${code}):\n${out}`);
  return { fromAccepted: passedAt - accepted, fromApplyStart: passedAt - applyStarted };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
rmSync(state, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const accepted = results.map((r) => r.fromAccepted);
console.log(`runs: ${runs}`);
console.log(
  `kubectl apply accepted -> "Passed" printed: median ${median(accepted).toFixed(0)} ms (min ${Math.min(...accepted).toFixed(0)}, max ${Math.max(...accepted).toFixed(0)}); target < 500 ms`,
);
console.log(
  `kubectl apply started  -> "Passed" printed: median ${median(results.map((r) => r.fromApplyStart)).toFixed(0)} ms`,
);
