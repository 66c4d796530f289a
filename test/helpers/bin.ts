/** Runs the built CLI (dist/cli.js) as a user would, with an isolated state directory. */
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  return new Promise((resolve) => {
    const child = execFile(
      nodePath,
      [cliPath, ...args],
      { cwd: options.cwd ?? repoRoot, env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, durationMs: Date.now() - started });
      },
    );
    options.onSpawn?.(child);
  });
}
