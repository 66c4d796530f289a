/**
 * The arithmetic of the scrolling step body, shared by the component that draws it and the hook
 * that moves it: when the body overflows, its last row is the position line, so it shows one
 * line fewer than its rows, and scrolling stops where the last line is on screen.
 */

export type ScrollMove = 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom';

export interface BodyWindow {
  /** Lines of text shown at once. */
  visible: number;
  /** The largest first visible line: the one that shows the last line at the bottom. */
  maxTop: number;
}

export function bodyWindow(lineCount: number, rows: number): BodyWindow {
  const visible = lineCount > rows ? Math.max(1, rows - 1) : rows;
  return { visible, maxTop: Math.max(0, lineCount - visible) };
}

export const clampTop = (top: number, window: BodyWindow): number => Math.min(Math.max(0, top), window.maxTop);

/** The first visible line after `move`. */
export function scrolledTop(top: number, move: ScrollMove, window: BodyWindow): number {
  const page = Math.max(1, window.visible - 1);
  const moves: Record<ScrollMove, number> = {
    'line-up': top - 1,
    'line-down': top + 1,
    'page-up': top - page,
    'page-down': top + page,
    top: 0,
    bottom: window.maxTop,
  };
  return clampTop(moves[move], window);
}

/**
 * The first visible line that shows lines first..last, moving as little as possible from `top`;
 * an item taller than the window shows its start.
 */
export function topShowing(top: number, first: number, last: number, window: BodyWindow): number {
  const { visible } = window;
  const wanted = first < top ? first : last >= top + visible ? Math.min(first, last - visible + 1) : top;
  return clampTop(wanted, window);
}

/** The lines drawn for a first visible line `top`: [start, end). */
export function visibleRange(top: number, window: BodyWindow, lineCount: number): { start: number; end: number } {
  const start = clampTop(top, window);
  return { start, end: Math.min(lineCount, start + window.visible) };
}
