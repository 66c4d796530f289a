#!/usr/bin/env node
// `npm run bench:startup`: time from launching `node dist/cli.js start <lab>` in a pseudo-terminal
// to its first frame on screen, median of several runs, next to `node -e 0` measured the same way
// as the floor. Both run under `script` (util-linux), which gives them a real terminal.
//
// Usage: node scripts/bench-startup.mjs [lab] (default clusterip). Env: BENCH_RUNS (default 9).
// Needs a built dist/ (`npm run build`). It prints the figures; it asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const lab = process.argv[2] ?? 'clusterip';
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 9));
// The header of the first frame always holds this.
const FIRST_FRAME = /step \d+ of \d+/;
const TIMEOUT_MS = 10_000;

if (!existsSync(cli)) {
  console.error('bench:startup: dist/cli.js is missing: run `npm run build` first');
  process.exit(2);
}
if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) {
  console.error('bench:startup: needs `script` (util-linux) for a pseudo-terminal');
  process.exit(2);
}

const quote = (word) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs `command` in a pseudo-terminal; resolves with the ms until `done(output)` holds, then stops it. */
function timeUntil(command, done, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    let output = '';
    let finished = false;
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const stop = (result, error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      if (error) reject(error);
      else resolve(result);
    };
    const timer = setTimeout(
      () => stop(undefined, new Error(`no first frame within ${TIMEOUT_MS} ms; output so far:\n${output}`)),
      TIMEOUT_MS,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk.toString('utf8');
      if (done(output)) stop(elapsed());
    });
    child.on('exit', () =>
      done === EXIT ? stop(elapsed()) : stop(undefined, new Error(`exited before the first frame:\n${output}`)),
    );
  });
}
const EXIT = () => false;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const baseEnv = {
  ...process.env,
  TERM: process.env.TERM && process.env.TERM !== 'dumb' ? process.env.TERM : 'xterm-256color',
};
// Ink renders only the last frame when it believes it runs in CI.
delete baseEnv.CI;
const startTimes = [];
const nodeTimes = [];
for (let run = 0; run < runs; run++) {
  const state = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-bench-'));
  // No kubeconfig: the first frame comes before any cluster work anyway, and nothing is touched.
  const env = { ...baseEnv, K8S_LABS_STATE_DIR: state, KUBECONFIG: path.join(state, 'no-kubeconfig') };
  try {
    startTimes.push(
      await timeUntil(
        `${quote(process.execPath)} ${quote(cli)} start ${quote(lab)}`,
        (output) => FIRST_FRAME.test(output),
        env,
      ),
    );
    nodeTimes.push(await timeUntil(`${quote(process.execPath)} -e 0`, EXIT, env));
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

const list = (values) => values.map((value) => Math.round(value)).join(', ');
const figure = (values) => `median ${Math.round(median(values))} ms, fastest ${Math.round(Math.min(...values))} ms`;
console.log(`k8s-labs start ${lab}, first frame: ${figure(startTimes)}  (runs: ${list(startTimes)})`);
console.log(
  `node -e 0 (baseline):${' '.repeat(Math.max(1, lab.length + 8))}${figure(nodeTimes)}  (runs: ${list(nodeTimes)})`,
);
// A busy machine stretches both figures alike: the load says how busy it was.
console.log(
  `node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}, load average ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
