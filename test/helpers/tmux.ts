/**
 * A private tmux server for terminal tests: start the built bin in a session of a given size,
 * send keys, read the screen (or the raw bytes the program wrote), wait for content, never sleep.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cliPath, nodePath, repoRoot, tempDir } from './bin.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

export interface StartOptions {
  /** Arguments after `node dist/cli.js`. */
  args: string[];
  /** Extra environment, e.g. TERM or KUBECONFIG. CI is always removed (Ink prints only its last frame with it). */
  env?: Record<string, string>;
  size?: [columns: number, rows: number];
  cwd?: string;
  /** Also record every byte the program writes (tmux pipe-pane) for `raw()`. */
  recordRaw?: boolean;
}

export interface TmuxSession {
  name: string;
  screen(): string;
  /** The screen with the scrollback above it. */
  history(): string;
  /** Everything the program wrote, escape codes included (with `recordRaw`). */
  raw(): string;
  press(...keys: string[]): void;
  /** Waits until the scrollback or the screen holds `expected`; resolves to both. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until the screen itself (not the scrollback) holds `expected`; resolves to the screen. */
  waitForScreen(expected: string | RegExp, timeoutMs?: number): Promise<string>;
}

export interface TmuxServer {
  start(session: string, options: StartOptions): TmuxSession;
  kill(): void;
}

export function tmuxServer(label: string): TmuxServer {
  const socket = `k8s-labs-${label}-${process.pid}-${Date.now()}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  return {
    start(name, options) {
      const [columns, rows] = options.size ?? [100, 40];
      const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)}`);
      const command = [
        'env -u CI',
        ...env,
        shellQuote(nodePath),
        shellQuote(cliPath),
        ...options.args.map(shellQuote),
        '; echo "[exit $?]"; exec sleep 600',
      ].join(' ');
      const rawFile = path.join(tempDir('k8s-labs-tmux-raw-'), 'raw');
      tmux(
        'new-session',
        '-d',
        '-s',
        name,
        '-x',
        String(columns),
        '-y',
        String(rows),
        '-c',
        options.cwd ?? repoRoot,
        command,
      );
      if (options.recordRaw) tmux('pipe-pane', '-t', name, '-o', `cat >> ${shellQuote(rawFile)}`);
      const screen = (): string => tmux('capture-pane', '-p', '-t', name);
      const history = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
      return {
        name,
        screen,
        history,
        raw: () => readFileSync(rawFile, 'utf8'),
        press: (...keys) => void tmux('send-keys', '-t', name, ...keys),
        waitFor: (expected, timeoutMs) => waitUntilShown(history, screen, expected, timeoutMs),
        waitForScreen: (expected, timeoutMs) => waitUntilShown(screen, screen, expected, timeoutMs),
      };
    },
    kill() {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
      // tmux leaves its socket file behind.
      rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {
        force: true,
      });
    },
  };
}

async function waitUntilShown(
  read: () => string,
  screen: () => string,
  expected: string | RegExp,
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = read();
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${String(expected)} in the terminal:\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
