#!/usr/bin/env node
// `npm run test:node`: the built CLI under every Node release it supports besides the one running
// `npm test`. For each pinned version below it installs the official binary from the npm registry
// (package node-<platform>-<arch>) into a cache outside the repository, reused when present:
//   ${XDG_CACHE_HOME:-~/.cache}/k8s-labs/node/<version>
// then, under that Node:
//   1. the end-to-end tests of the built bin (test/e2e, and with K8S_LABS_TEST_KUBECONFIG set the
//      integration tests that run it), including `npm pack` + install into an empty folder + the
//      bins (test/e2e/pack.test.ts). vitest stays on the Node running this script; the tests run
//      the CLI with K8S_LABS_TEST_NODE (test/helpers/bin.ts), and that Node comes first on PATH (for
//      the bins' `#!/usr/bin/env node` and the stand-in tools).
//      Deprecation warnings are errors (--throw-deprecation): a user would see them on stderr.
//   2. the benchmarks: bench-check (skipped without a cluster), bench-startup, and the compile
//      cache (bench-compile-cache), with NODE_EXTRA_CA_CERTS unset (it slows Node 20's start).
// Without a cluster the tests that need one report skipped. Needs a built dist/ (`npm run build`).
//
// Usage: node scripts/test-node.mjs [major ...] (default: every pinned version). Env:
// TEST_NODE_SKIP_BENCH=1 runs the tests only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node releases tested here, by major version: the one place they are pinned. */
export const NODE_VERSIONS = { 22: '22.23.5', 24: '24.22.3' };

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'k8s-labs', 'node');
const withCluster = Boolean(process.env.K8S_LABS_TEST_KUBECONFIG);
// The integration tests that run the built bin; labs-all (`labs test --all`, minutes) runs once, in `npm test`.
const testFiles = [
  'test/e2e',
  ...(withCluster
    ? [
        'test/integration/check.test.ts',
        'test/integration/cluster-cli.test.ts',
        'test/integration/labtest.test.ts',
        'test/integration/labtest-solve.test.ts',
      ]
    : []),
];

const say = (line) => console.error(`[test:node] ${line}`);

/** The npm package that holds the official Node binary for this machine. */
function binaryPackage() {
  const platform = { win32: 'win', darwin: 'darwin', linux: 'linux' }[process.platform];
  if (!platform) throw new Error(`no Node binary package for platform ${process.platform}`);
  return `node-${platform}-${process.arch}`;
}

/** The path of Node `version`'s binary, installed into the cache unless it is there already. */
function installNode(version) {
  const pkg = binaryPackage();
  const dir = path.join(cacheRoot, version);
  const binary = path.join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const reports = (file) => spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `v${version}`;
  if (existsSync(binary) && reports(binary)) return binary;
  say(`installing ${pkg}@${version} into ${dir}`);
  mkdirSync(cacheRoot, { recursive: true });
  // Into a fresh folder first, renamed into place once complete: an interrupted install is never reused.
  const staging = mkdtempSync(path.join(cacheRoot, `.${version}-`));
  const npm = spawnSync(
    'npm',
    ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${version}`],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  if (npm.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm install ${pkg}@${version} failed (exit ${npm.status})`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  if (!reports(binary)) throw new Error(`${binary} does not report v${version}`);
  return binary;
}

/** Runs `file args`, echoing its output; resolves with its exit code and its output. */
function run(file, args, env) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const requested = process.argv.slice(2);
const majors = requested.length ? requested : Object.keys(NODE_VERSIONS);
for (const major of majors) {
  if (!NODE_VERSIONS[major]) {
    console.error(`test:node: no pinned Node ${major} (pinned: ${Object.keys(NODE_VERSIONS).join(', ')})`);
    process.exit(2);
  }
}
if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
  console.error('test:node: dist/cli.js is missing: run `npm run build` first');
  process.exit(2);
}
if (!withCluster) say('K8S_LABS_TEST_KUBECONFIG is not set: the tests that need a cluster report skipped');

const summary = [];
let failed = false;
for (const major of majors) {
  const version = NODE_VERSIONS[major];
  const node = installNode(version);
  const env = {
    ...process.env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    K8S_LABS_TEST_NODE: node,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --throw-deprecation`.trim(),
  };
  say(`Node v${version}: ${testFiles.join(' ')}`);
  const tests = await run(
    process.execPath,
    [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...testFiles],
    env,
  );
  const counts = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(tests.output)?.[0] ?? 'no summary';
  if (tests.code !== 0) failed = true;
  summary.push(`Node v${version}: tests ${counts}${tests.code === 0 ? '' : ` (exit ${tests.code})`}`);

  if (process.env.TEST_NODE_SKIP_BENCH === '1') continue;
  const benchEnv = { ...env };
  delete benchEnv.NODE_EXTRA_CA_CERTS;
  delete benchEnv.NODE_OPTIONS;
  for (const script of ['bench-check.mjs', 'bench-startup.mjs', 'bench-compile-cache.mjs']) {
    say(`Node v${version}: ${script} (NODE_EXTRA_CA_CERTS unset)`);
    const bench = await run(node, [path.join(root, 'scripts', script)], benchEnv);
    if (bench.code !== 0) {
      failed = true;
      summary.push(`Node v${version}: ${script} failed (exit ${bench.code})`);
    }
  }
}
for (const line of summary) console.log(line);
process.exit(failed ? 1 : 0);
