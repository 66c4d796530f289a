/**
 * Headless output: colour and marks on a terminal, plain text when piped, under NO_COLOR, or
 * with --json (which prints exactly one JSON document on stdout).
 */
export interface Output {
  /** True when colour and symbols may be used. */
  readonly color: boolean;
  readonly json: boolean;
  line(text?: string): void;
  /** Diagnostics and progress: stderr, so stdout stays parseable. */
  note(text: string): void;
  writeJson(value: unknown): void;
  style: Style;
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;
const identity = (text: string): string => text;

export const colorStyle: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  green: ansi(32, 39),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};
export const plainStyle: Style = {
  bold: identity,
  dim: identity,
  green: identity,
  red: identity,
  yellow: identity,
  cyan: identity,
};

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function useColor(stream: Stream, env: NodeJS.ProcessEnv, json: boolean): boolean {
  if (json || 'NO_COLOR' in env || env['TERM'] === 'dumb') return false;
  if (env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

export function createOutput(stdout: Stream, stderr: Stream, env: NodeJS.ProcessEnv, json: boolean): Output {
  const color = useColor(stdout, env, json);
  return {
    color,
    json,
    line: (text = '') => void stdout.write(`${text}\n`),
    note: (text) => void stderr.write(`${text}\n`),
    writeJson: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    style: color ? colorStyle : plainStyle,
  };
}

/** A duration for people: 1.2s. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** Status marks: symbols in colour, words when plain (so logs and screen readers still say it). */
export const marks = (out: Output) => ({
  ok: out.color ? out.style.green('✓') : 'ok  ',
  warn: out.color ? out.style.yellow('!') : 'warn',
  fail: out.color ? out.style.red('✗') : 'FAIL',
});
