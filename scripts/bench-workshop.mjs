#!/usr/bin/env node
// `npm run bench:workshop`: a workshop of 100 attendees on the test cluster. Prints the time of
// `labs workshop create`, of one full roster refresh (every attendee graded live, every ledger
// read), and from an attendee's fix to the roster (`status --watch`) showing it. Targets: create
// <= 60 s, refresh <= 2 s, change visible <= 1 s. It prints the figures; it asserts nothing.
//
// Needs K8S_LABS_TEST_KUBECONFIG (see test/cluster/up.sh; KWOK nodes are enough), a built dist/
// and kubectl. Env: BENCH_ATTENDEES (default 100).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist/cli.js');
const kubeconfig = process.env.K8S_LABS_TEST_KUBECONFIG;
const count = Number(process.env.BENCH_ATTENDEES ?? 100);
const workshop = `bench${process.pid % 10000}`;
const steps = ['scene', 'jumpbox', 'failing-curl', 'create-service', 'loop', 'kubernetes-service', 'clean-up'];

function skip(why) {
  console.log(`bench:workshop skipped: ${why}`);
  process.exit(0);
}
if (!kubeconfig) skip('K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)');
if (!existsSync(cli)) skip('dist/cli.js is missing: run `npm run build` first');
if (spawnSync('sh', ['-c', 'command -v kubectl']).status !== 0) skip('kubectl is not installed');

const context = spawnSync('kubectl', ['config', 'current-context', '--kubeconfig', kubeconfig], {
  encoding: 'utf8',
}).stdout.trim();
const work = mkdtempSync(path.join(os.tmpdir(), 'labs-bench-workshop-'));
const env = { ...process.env, KUBECONFIG: kubeconfig, K8S_LABS_STATE_DIR: path.join(work, 'state'), NO_COLOR: '1' };
const labs = (args) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`labs ${args.join(' ')} (exit ${result.status}): ${result.stderr}`);
  return { ms: performance.now() - started, stdout: result.stdout };
};
const kubectl = (args, input) => {
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--context', context, ...args], {
    encoding: 'utf8',
    input,
  });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const name = (i) => `attendee-${String(i + 1).padStart(Math.max(2, String(count).length), '0')}`;
const deployment = (namespace) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: echo-frontend, namespace: ${namespace} }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: echo-frontend } }\n  template:\n    metadata: { labels: { app: echo-frontend } }\n    spec: { containers: [{ name: echo, image: "traefik/whoami:v1.11.0", ports: [{ containerPort: 80 }] }] }\n`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

try {
  const create = labs([
    'workshop',
    'create',
    workshop,
    '--lab',
    'clusterip',
    '--attendees',
    String(count),
    '--context',
    context,
    '--out',
    path.join(work, 'attendees'),
  ]);
  console.log(`create, ${count} attendees: ${seconds(create.ms)} (target <= 60 s)`);

  // Each attendee at a step of their own; those past the first have the Deployment step 1 makes.
  const ledgers = [];
  const fixes = [];
  for (let i = 0; i < count; i++) {
    const step = steps[i % steps.length];
    const home = `${workshop}-${name(i)}-home`;
    const ledger = {
      lab: 'clusterip',
      attendee: name(i),
      currentStep: step,
      updatedAt: new Date().toISOString(),
      steps: {},
    };
    ledgers.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: k8s-labs-progress, namespace: ${home} }\ndata:\n  ledger.json: '${JSON.stringify(ledger)}'\n`,
    );
    if (step !== 'scene') fixes.push(deployment(`${workshop}-${name(i)}`));
  }
  kubectl(['apply', '-f', '-'], ledgers.join('---\n'));
  kubectl(['apply', '-f', '-'], fixes.join('---\n'));
  await new Promise((resolve) => setTimeout(resolve, 2000)); // KWOK makes the pods ready

  const refreshes = [0, 1, 2].map(() =>
    JSON.parse(labs(['workshop', 'status', workshop, '--context', context, '--json']).stdout),
  );
  const refreshMs = refreshes.map((r) => r.refreshMs).sort((a, b) => a - b)[1];
  console.log(
    `one roster refresh, ${refreshes[0].attendees.length} attendees graded: ${seconds(refreshMs)} (median of 3; target <= 2 s)`,
  );

  // The fix: attendee-01 (on step 1, no Deployment yet) creates it; the watching roster shows it.
  const watcher = spawn(
    process.execPath,
    [cli, 'workshop', 'status', workshop, '--context', context, '--watch', '--json'],
    { env },
  );
  let buffer = '';
  let ready;
  const readyNow = new Promise((resolve) => (ready = resolve));
  watcher.stderr.on('data', (chunk) => {
    if (String(chunk).includes('watching')) ready();
    else process.stderr.write(`status --watch: ${chunk}`);
  });
  watcher.on('exit', (code) => code && console.error(`status --watch exited with ${code}`));
  // A change that never shows is reported as such, not waited for forever.
  const within = (promise, what) => {
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => {
        console.error(`${what}: not seen within 30 s`);
        resolve(Number.NaN);
      }, 30_000);
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  };
  // When the watcher prints a row matching `wanted`: the time it was read.
  const rowSeen = (wanted) =>
    new Promise((resolve) => {
      const onData = (chunk) => {
        buffer += String(chunk);
        for (const line of buffer.split('\n').slice(0, -1)) {
          if (line.startsWith('{') && wanted(JSON.parse(line))) {
            watcher.stdout.off('data', onData);
            resolve(performance.now());
          }
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      };
      watcher.stdout.on('data', onData);
    });
  await readyNow;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const latencies = [];
  for (const i of [0, 7, 14].filter((index) => index < count)) {
    const target = name(i);
    const seen = rowSeen((row) => row.attendee === target && row.checksPassed === 1);
    kubectl(['apply', '-f', '-'], deployment(`${workshop}-${target}`));
    const fixedAt = performance.now();
    latencies.push((await within(seen, `${target}'s fix`)) - fixedAt);
  }
  console.log(
    `fix to roster (status --watch; a Deployment, so it includes KWOK making 3 pods ready): ${latencies.map(seconds).join(', ')} (target <= 1 s)`,
  );

  // An answer: the attendee's ledger changes, the roster shows one more question right.
  const answers = [];
  for (const i of [5, 12, 19].filter((index) => index < count)) {
    const target = name(i);
    const seen = rowSeen((row) => row.attendee === target && row.questionsRight === 1);
    const at = new Date().toISOString();
    const ledger = {
      lab: 'clusterip',
      attendee: target,
      currentStep: 'kubernetes-service',
      updatedAt: at,
      steps: {
        'kubernetes-service': {
          status: 'in-progress',
          answers: { 'kubernetes-port': { correct: true, at } },
          hints: [],
        },
      },
    };
    const patch = JSON.stringify({ data: { 'ledger.json': JSON.stringify(ledger) } });
    kubectl([
      'patch',
      'configmap',
      'k8s-labs-progress',
      '-n',
      `${workshop}-${target}-home`,
      '--type=merge',
      '-p',
      patch,
    ]);
    const answeredAt = performance.now();
    answers.push((await within(seen, `${target}'s answer`)) - answeredAt);
  }
  watcher.kill('SIGINT');
  console.log(`answer to roster (the ledger ConfigMap changes): ${answers.map(seconds).join(', ')} (target <= 1 s)`);
} finally {
  try {
    labs(['workshop', 'delete', workshop, '--context', context, '--yes']);
  } catch (error) {
    console.error(`clean-up failed: ${error.message}`);
  }
  rmSync(work, { recursive: true, force: true });
}
