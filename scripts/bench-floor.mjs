#!/usr/bin/env node
// `npm run bench:floor`: what a learner runs, as a ratio to the floor. Times the flagship step
// (`labs check clusterip --step create-service`, six checks, from this checkout), `labs list` and
// `labs validate clusterip` against bare `node -e 0` of the same Node binary, in alternation in the
// same run, with NODE_EXTRA_CA_CERTS unset for both, then once more with it set to the system
// bundle (as some users have it). It prints the figures; it asserts nothing.
//
// Needs K8S_LABS_TEST_KUBECONFIG with real nodes (test/cluster/up.sh) and a built dist/.
// Env: BENCH_RUNS (default 11), BENCH_NODE (default: this Node).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const kubeconfig = process.env.K8S_LABS_TEST_KUBECONFIG;
const runs = Number(process.env.BENCH_RUNS ?? 11);
const node = process.env.BENCH_NODE || process.execPath;
const namespace = 'labs-bench-flagship';
const caBundle = '/etc/ssl/certs/ca-certificates.crt';

function skip(why) {
  console.log(`bench:floor skipped: ${why}`);
  process.exit(0);
}
if (!kubeconfig) skip('K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)');
if (!existsSync(path.join(root, 'dist/cli.js'))) skip('dist/cli.js is missing: run `npm run build` first');

const context = spawnSync('kubectl', ['config', 'current-context', '--kubeconfig', kubeconfig], {
  encoding: 'utf8',
}).stdout.trim();
const state = mkdtempSync(path.join(os.tmpdir(), 'labs-bench-floor-'));
const baseEnv = {
  ...process.env,
  KUBECONFIG: kubeconfig,
  K8S_LABS_CONTEXT: context,
  K8S_LABS_STATE_DIR: state,
  NO_COLOR: '1',
};
delete baseEnv.NODE_EXTRA_CA_CERTS;

function run(args, env = baseEnv, bin = node) {
  const started = process.hrtime.bigint();
  const result = spawnSync(bin, args, { env, encoding: 'utf8', timeout: 120_000, cwd: root });
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}
function mustPass(name, result) {
  if (result.status === 0) return;
  console.error(`${name} did not pass (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  process.exit(1);
}

const cli = path.join(root, 'dist/cli.js');
const vars = ['--var', `namespace=${namespace}`];

/** The package as a user gets it: `npm pack`, installed into an empty folder; its dist/cli.js. */
function installedCli() {
  const npm = (args, cwd) => {
    const result = spawnSync('npm', args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  const packDir = mkdtempSync(path.join(os.tmpdir(), 'labs-bench-pack-'));
  cleanup.push(packDir);
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], root));
  const project = path.join(packDir, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), '{"name":"bench","version":"1.0.0","private":true}');
  npm(
    ['install', '--no-audit', '--no-fund', '--omit=dev', '--prefer-offline', path.join(packDir, packed.filename)],
    project,
  );
  return path.join(project, 'node_modules/k8s-labs/dist/cli.js');
}
const cleanup = [];
console.log(`preparing clusterip at step loop in namespace ${namespace} on context ${context} ...`);
mustPass('labs jump', run([cli, 'jump', 'clusterip', 'loop', '--yes', ...vars]));
const commands = {
  floor: ['-e', '0'],
  check: [cli, 'check', 'clusterip', '--step', 'create-service', ...vars],
  list: [cli, 'list'],
  validate: [cli, 'validate', 'clusterip'],
};
if (process.env.BENCH_INSTALLED !== '0') {
  console.log('packing and installing the package into an empty folder ...');
  commands.installed = [installedCli(), 'check', 'clusterip', '--step', 'create-service', ...vars];
}
// Until the endpoints are ready the check fails; wait for it, unmeasured.
const deadline = Date.now() + 120_000;
while (run(commands.check).status !== 0) {
  if (Date.now() > deadline) mustPass('labs check (warm-up)', run(commands.check));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
function measure(env) {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const result = run(args, env);
      mustPass(name, result);
      times[name].push(result.ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const major = Number(version.slice(1).split('.')[0]);
const targets = { check: major >= 22 ? 1.6 : 2, installed: major >= 22 ? 1.6 : 2, list: 1.5, validate: undefined };
const report = (label, medians) => {
  console.log(`${label}: node -e 0 median ${medians.floor.toFixed(0)} ms`);
  for (const name of Object.keys(commands).filter((name) => name !== 'floor')) {
    const ratio = medians[name] / medians.floor;
    const target = targets[name];
    const verdict = target === undefined ? '' : `  (target <= ${target}: ${ratio <= target ? 'met' : 'not met'})`;
    console.log(
      `  ${name.padEnd(9)} median ${medians[name].toFixed(0).padStart(5)} ms  ratio ${ratio.toFixed(2)}${verdict}`,
    );
  }
};
console.log(`Node ${version}, ${runs} runs each, in alternation`);
const unset = measure(baseEnv);
report('NODE_EXTRA_CA_CERTS unset', unset);
if (existsSync(caBundle) && process.env.BENCH_CA !== '0')
  report(`NODE_EXTRA_CA_CERTS=${caBundle}`, measure({ ...baseEnv, NODE_EXTRA_CA_CERTS: caBundle }));

// The same six checks as a kubectl+jq script, in alternation with labs check.
const script = path.join(root, 'scripts/bench-flagship-kubectl.sh');
if (spawnSync('sh', ['-c', 'command -v jq && command -v kubectl']).status === 0) {
  const times = { labs: [], script: [] };
  for (let i = 0; i < runs; i++) {
    const labs = run(commands.check);
    mustPass('labs check', labs);
    times.labs.push(labs.ms);
    const shell = run([script, namespace], baseEnv, 'sh');
    mustPass('the kubectl+jq script', shell);
    times.script.push(shell.ms);
  }
  const [labs, shell] = [median(times.labs), median(times.script)];
  console.log(
    `kubectl+jq script: median ${shell.toFixed(0)} ms, labs check ${labs.toFixed(0)} ms, ratio labs/script ${(labs / shell).toFixed(2)} (target <= 0.3: ${labs / shell <= 0.3 ? 'met' : 'not met'})`,
  );
} else console.log('kubectl+jq script ratio skipped: needs jq and kubectl on PATH');

// The first frame of `labs start`, against the floor in the same pseudo-terminal.
const startup = spawnSync(node, [path.join(root, 'scripts/bench-startup.mjs'), 'clusterip'], {
  env: { ...baseEnv, BENCH_RUNS: String(runs) },
  encoding: 'utf8',
  cwd: root,
});
console.log(
  `first frame (scripts/bench-startup.mjs):\n${startup.stdout.trimEnd()}${startup.stderr ? `\n${startup.stderr.trimEnd()}` : ''}`,
);

run([cli, 'reset', 'clusterip', '--yes', ...vars]);
rmSync(state, { recursive: true, force: true });
for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
