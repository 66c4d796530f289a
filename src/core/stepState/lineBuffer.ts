/**
 * The output of a running command: a ring buffer of the last `capacity` lines, each cut to
 * `maxLineLength`, so an endless loop cannot eat memory however long it runs.
 */

export interface OutputLine {
  text: string;
  stream: 'stdout' | 'stderr';
}

export interface LineBuffer {
  push(text: string, stream: OutputLine['stream']): void;
  clear(): void;
  /** The kept lines, oldest first. */
  lines(): OutputLine[];
  /** Lines received since the last clear, kept or dropped. */
  readonly total: number;
  /** Lines dropped because the buffer was full. */
  readonly dropped: number;
}

export function createLineBuffer(capacity = 500, maxLineLength = 2000): LineBuffer {
  let ring: OutputLine[] = [];
  let start = 0;
  let total = 0;
  return {
    push(text, stream) {
      total += 1;
      const line = { text: text.length > maxLineLength ? `${text.slice(0, maxLineLength)}…` : text, stream };
      if (ring.length < capacity) {
        ring.push(line);
        return;
      }
      ring[start] = line;
      start = (start + 1) % capacity;
    },
    clear() {
      ring = [];
      start = 0;
      total = 0;
    },
    lines() {
      return start === 0 ? [...ring] : [...ring.slice(start), ...ring.slice(0, start)];
    },
    get total() {
      return total;
    },
    get dropped() {
      return total - ring.length;
    },
  };
}
