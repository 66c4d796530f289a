/** Small text formats used across the screens. */

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A bar of `width` cells, `done` of `total` filled. */
export function progressBar(done: number, total: number, width: number): string {
  const filled = total === 0 ? 0 : Math.round((Math.min(done, total) / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Cuts `text` to `width` cells with an ellipsis. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/** Output of a command as one plain terminal line: colour codes removed, tabs expanded. */
export function sanitizeLine(text: string): string {
  const plain = text.replace(
    // eslint-disable-next-line no-control-regex
    /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*(\u0007|\u001B\\)|[\u0000-\u0008\u000B-\u001F\u007F]/g,
    '',
  );
  let column = 0;
  let out = '';
  for (const char of plain) {
    if (char === '\t') {
      const pad = 8 - (column % 8);
      out += ' '.repeat(pad);
      column += pad;
    } else {
      out += char;
      column += 1;
    }
  }
  return out;
}
