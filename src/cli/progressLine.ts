/** What runs now, on stderr, for the long commands (cluster up and down, prepare). */
import { type Output, seconds } from './output.js';

/**
 * Progress on stderr: on a terminal one line redrawn in place (what runs, for how long); when
 * piped, one line per finished step, so logs stay readable.
 */
export interface ProgressLine {
  /** Shows `text` as what is running now. */
  running(text: string): void;
  /** Prints a finished step as a permanent line. */
  finished(text: string): void;
  stop(): void;
}

export function createProgressLine(
  out: Output,
  stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
  options: { total?: boolean } = {},
): ProgressLine {
  const live = stream.isTTY === true && !out.json;
  const began = performance.now();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let current: { text: string; since: number } | undefined;
  let frame = 0;
  const draw = (): void => {
    if (!current) return;
    frame = (frame + 1) % frames.length;
    const now = performance.now();
    const total = options.total ? ` · ${seconds(now - began)} total` : '';
    stream.write(
      `\r\u001B[2K${out.style.cyan(frames[frame]!)} ${current.text} ${out.style.dim(`${seconds(now - current.since)}${total}`)}`,
    );
  };
  const timer = live ? setInterval(draw, 100) : undefined;
  timer?.unref();
  const clear = (): void => {
    if (live) stream.write('\r\u001B[2K');
  };
  return {
    running(text) {
      current = { text, since: performance.now() };
      if (live) draw();
    },
    finished(text) {
      clear();
      if (!out.json) stream.write(`${text}\n`);
      if (live) draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      current = undefined;
      clear();
    },
  };
}
