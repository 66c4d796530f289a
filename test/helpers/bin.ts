/** Runs the built CLI (dist/cli.js) as a user would, with an isolated state directory. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const osSignals: Partial<Record<NodeJS.Signals, number>> = os.constants.signals;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
/**
 * The Node binary that runs the CLI: K8S_LABS_TEST_NODE when set (`npm run test:node` sets it to
 * Node 22 and 24), else the Node running the tests.
 */
export const nodePath = process.env['K8S_LABS_TEST_NODE'] || process.execPath;

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** A new empty folder, inside the run's temporary root (test/helpers/globalSetup.ts) when there is one. */
export function tempDir(prefix = 'k8s-labs-test-'): string {
  return mkdtempSync(path.join(process.env['K8S_LABS_TEST_TMP'] ?? os.tmpdir(), prefix));
}

/** Runs `node dist/cli.js ...args` with nodePath; fails loudly when the build is missing. */
export function runBin(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    /** The running process, e.g. to send it a signal as Ctrl-C would. */
    onSpawn?: (child: ChildProcess) => void;
    /** In a process group of its own (its pid), which a kill of `-pid` ends with its children. */
    detached?: boolean;
  } = {},
): Promise<BinResult> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    K8S_LABS_STATE_DIR: tempDir('k8s-labs-state-'),
    ...options.env,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cwd = options.cwd ?? repoRoot;
  if (options.detached) return runDetached([cliPath, ...args], { ...options, cwd, env, timeoutMs, started });
  return new Promise((resolve) => {
    const child = execFile(
      nodePath,
      [cliPath, ...args],
      { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, durationMs: Date.now() - started });
      },
    );
    options.onSpawn?.(child);
  });
}

/** runBin in a process group of its own (execFile ignores `detached`); a timeout kills the group. */
function runDetached(
  argv: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    started: number;
    onSpawn?: (child: ChildProcess) => void;
  },
): Promise<BinResult> {
  return new Promise((resolve) => {
    const child = spawn(nodePath, argv, { cwd: options.cwd, env: options.env, detached: true, stdio: 'pipe' });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }, options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 + (osSignals[signal] ?? 0) : 1),
        stdout,
        stderr,
        durationMs: Date.now() - options.started,
      });
    });
    options.onSpawn?.(child);
  });
}
