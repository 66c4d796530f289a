/**
 * The output pane's content: lines stream into a capped ring buffer and the pane redraws at most
 * every 50 ms, so a command printing thousands of lines neither eats memory nor floods React.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createLineBuffer, type LineBuffer, type OutputLine } from '../core/stepState/lineBuffer.js';

export const OUTPUT_CAPACITY = 500;
const REDRAW_MS = 50;

export interface OutputPane {
  /** What the pane shows, e.g. "$ kubectl get pods"; empty when nothing ran yet. */
  title: string;
  lines: readonly OutputLine[];
  total: number;
  dropped: number;
  /** Lines scrolled back from the newest; 0 follows the output. */
  scroll: number;
  start(title: string): void;
  append(text: string, stream: OutputLine['stream']): void;
  scrollBy(delta: number, visible: number): void;
  clear(): void;
  /** Every kept line right now, without waiting for the next redraw. */
  snapshot(): { lines: OutputLine[]; dropped: number };
  /** Redraws now (e.g. when the command ended). */
  flush(): void;
}

export function useOutputPane(capacity = OUTPUT_CAPACITY): OutputPane {
  const buffer = useRef<LineBuffer>(createLineBuffer(capacity));
  const [title, setTitle] = useState('');
  const [version, setVersion] = useState(0);
  const [scroll, setScroll] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const redraw = useCallback((): void => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      setVersion((v) => v + 1);
    }, REDRAW_MS);
  }, []);

  const start = useCallback((next: string): void => {
    buffer.current.clear();
    setTitle(next);
    setScroll(0);
    setVersion((v) => v + 1);
  }, []);

  const append = useCallback(
    (text: string, stream: OutputLine['stream']): void => {
      buffer.current.push(text, stream);
      redraw();
    },
    [redraw],
  );

  const clear = useCallback((): void => {
    buffer.current.clear();
    setTitle('');
    setScroll(0);
  }, []);

  const scrollBy = useCallback((delta: number, visible: number): void => {
    const kept = buffer.current.lines().length;
    setScroll((current) => Math.min(Math.max(0, current + delta), Math.max(0, kept - visible)));
  }, []);

  const snapshot = useCallback(() => ({ lines: buffer.current.lines(), dropped: buffer.current.dropped }), []);
  const flush = useCallback((): void => {
    clearTimeout(timer.current);
    timer.current = undefined;
    setVersion((v) => v + 1);
  }, []);

  // `version` makes the snapshot follow the buffer.
  const lines = useMemo(() => buffer.current.lines(), [version, title]);
  return {
    title,
    lines,
    total: buffer.current.total,
    dropped: buffer.current.dropped,
    scroll,
    start,
    append,
    scrollBy,
    clear,
    snapshot,
    flush,
  };
}
