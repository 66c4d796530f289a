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
const kwokNodes = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-l', 'type=kwok', '-o', 'name'], {
  encoding: 'utf8',
}).stdout.trim();
if (!kwokNodes)
  skip(
    'the cluster has no KWOK nodes to hold the 300 pods (start it with K8S_LABS_TESTCLUSTER_DATAPLANE=0, or K8S_LABS_TESTCLUSTER_NODES=2 beside real nodes)',
  );

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
// Pods tolerate KWOK's taint and ask for its nodes: beside real nodes they still land on fake ones.
const deployment = (namespace) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: echo-frontend, namespace: ${namespace} }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: echo-frontend } }\n  template:\n    metadata: { labels: { app: echo-frontend } }\n    spec:\n      nodeSelector: { type: kwok }\n      tolerations: [{ key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule }]\n      containers: [{ name: echo, image: "traefik/whoami:v1.11.0", ports: [{ containerPort: 80 }] }]\n`;
// A Service whose port is wrong (81): fixing it to 80 changes what the checks see at once.
const service = (namespace, port) =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: echo-frontend, namespace: ${namespace} }\nspec:\n  selector: { app: echo-frontend }\n  ports: [{ port: ${port}, targetPort: 80 }]\n`;
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
    if (step === 'create-service') fixes.push(service(`${workshop}-${name(i)}`, 81));
  }
  kubectl(['apply', '-f', '-'], ledgers.join('---\n'));
  kubectl(['apply', '-f', '-'], fixes.join('---\n'));
  // The roster is measured on a cluster at rest: every Deployment's 3 pods ready.
  const settling = performance.now();
  const wanted = fixes.filter((doc) => doc.includes('kind: Deployment')).length;
  for (;;) {
    const ready = kubectl([
      'get',
      'deployments',
      '-A',
      '-o',
      'jsonpath={range .items[*]}{.status.readyReplicas}{"\\n"}{end}',
    ])
      .split('\n')
      .filter((line) => line === '3').length;
    if (ready >= wanted) break;
    if (performance.now() - settling > 180_000)
      throw new Error(`only ${ready} of ${wanted} Deployments ready after 180 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(
    `state of ${count} attendees applied and settled: ${wanted} Deployments ready in ${seconds(performance.now() - settling)}`,
  );

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
  // A fix the API shows at once: a create-service attendee corrects the Service's port (81 -> 80).
  const before = new Map(refreshes[0].attendees.map((row) => [row.attendee, row.checksPassed]));
  const serviceFixes = [];
  for (const i of [3, 10, 17].filter((index) => index < count)) {
    const target = name(i);
    const seen = rowSeen((row) => row.attendee === target && row.checksPassed > before.get(target));
    kubectl(['apply', '-f', '-'], service(`${workshop}-${target}`, 80));
    const fixedAt = performance.now();
    serviceFixes.push((await within(seen, `${target}'s Service fix`)) - fixedAt);
  }
  console.log(
    `fix to roster, a Service's port (status --watch): ${serviceFixes.map(seconds).join(', ')} (target <= 1 s)`,
  );

  // A fix the cluster takes a while to carry out: the Deployment of step 1, whose 3 pods KWOK
  // makes ready. Timed from the moment the cluster has them ready (an independent watch), and
  // from the apply, so the roster's share and the cluster's are told apart.
  const afterReady = [];
  const fromApply = [];
  for (const i of [0, 7, 14].filter((index) => index < count)) {
    const target = name(i);
    const namespace = `${workshop}-${target}`;
    const seen = rowSeen((row) => row.attendee === target && row.checksPassed === 1);
    const follower = spawn('kubectl', [
      '--kubeconfig',
      kubeconfig,
      '--context',
      context,
      'get',
      'deployment',
      '-n',
      namespace,
      '--watch',
      '-o',
      'jsonpath={.metadata.name} {.status.readyReplicas}{"\\n"}',
    ]);
    const clusterReady = new Promise((resolve) => {
      let text = '';
      follower.stdout.on('data', (chunk) => {
        text += String(chunk);
        if (/echo-frontend 3\n/.test(text)) resolve(performance.now());
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the follower's watch is open
    kubectl(['apply', '-f', '-'], deployment(namespace));
    const fixedAt = performance.now();
    const [readyAt, seenAt] = await Promise.all([
      within(clusterReady, `${target}'s pods`),
      within(seen, `${target}'s fix`),
    ]);
    follower.kill();
    afterReady.push(seenAt - readyAt);
    fromApply.push(seenAt - fixedAt);
  }
  console.log(
    `fix to roster, a Deployment: ${afterReady.map(seconds).join(', ')} after the cluster had its 3 pods ready; ${fromApply.map(seconds).join(', ')} from the apply (target <= 1 s)`,
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
