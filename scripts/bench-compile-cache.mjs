#!/usr/bin/env node
// `npm run bench:compile-cache`: what Node's module compile cache (Node 22+; dist/cli.js turns it
// on, see src/cli.ts) saves on `labs list` and `labs --help`. For each command, the median of
// several runs with the cache off (NODE_DISABLE_COMPILE_CACHE=1), on a first run (a new, empty
// NODE_COMPILE_CACHE folder each time: compile, then write the cache) and on warm runs (one folder
// filled beforehand), next to bare `node -e 0`. Every cache folder is created here and removed at
// the end. NODE_EXTRA_CA_CERTS is unset: loading a CA bundle adds ~150 ms to Node 20's start and
// would hide the difference. It prints the figures; it asserts nothing.
//
// Runs on the Node that runs it. Env: BENCH_RUNS (default 11). Needs a built dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 11));
if (!existsSync(cli)) {
  console.error('bench:compile-cache: dist/cli.js is missing: run `npm run build` first');
  process.exit(2);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-compile-cache-'));
const baseEnv = { ...process.env, NO_COLOR: '1', K8S_LABS_STATE_DIR: path.join(scratch, 'state') };
for (const name of ['NODE_EXTRA_CA_CERTS', 'NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'NODE_OPTIONS'])
  delete baseEnv[name];

function time(args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return ms;
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
// A busy machine stretches the medians; the fastest run is what the code costs when nothing waits.
const figure = (values) => `${median(values).toFixed(0)} ms (fastest ${Math.min(...values).toFixed(0)})`;
let folders = 0;
const newCacheDir = () => mkdtempSync(path.join(scratch, `cache-${folders++}-`));

const hasCache = typeof module.enableCompileCache === 'function';
try {
  const floor = [];
  for (let i = 0; i < runs; i++) floor.push(time(['-e', '0'], baseEnv));
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, NODE_EXTRA_CA_CERTS unset, ${runs} runs each`);
  console.log(`node -e 0                 median ${figure(floor)}`);
  for (const command of [['list'], ['--help']]) {
    const args = [cli, ...command];
    const label = `labs ${command.join(' ')}`.padEnd(13);
    const off = [];
    const first = [];
    const warm = [];
    const warmDir = newCacheDir();
    if (hasCache) time(args, { ...baseEnv, NODE_COMPILE_CACHE: warmDir });
    // Alternating, so that a change in the machine's load hits all three alike.
    for (let i = 0; i < runs; i++) {
      off.push(time(args, { ...baseEnv, NODE_DISABLE_COMPILE_CACHE: '1' }));
      if (!hasCache) continue;
      first.push(time(args, { ...baseEnv, NODE_COMPILE_CACHE: newCacheDir() }));
      warm.push(time(args, { ...baseEnv, NODE_COMPILE_CACHE: warmDir }));
    }
    if (!hasCache) {
      console.log(`${label} cache off median ${figure(off)}  (Node ${process.versions.node} has no compile cache)`);
      continue;
    }
    // Proof that the cache was used: the warm folder holds the compiled modules.
    const entries = readdirSync(warmDir, { recursive: true }).length;
    console.log(
      `${label} cache off median ${figure(off)}, first run ${figure(first)}, warm ${figure(warm)} ` +
        `(${(median(warm) / median(off)).toFixed(2)}x off; cache ${entries} entries)`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
