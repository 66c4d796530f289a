/**
 * Scrolling of the step body: a new step starts at the top; choosing a block or question (again,
 * too) brings it into view; a new section (a hint, the solution) scrolls to where it starts.
 */
import { useEffect, useState } from 'react';
import { bodyWindow, clampTop, type ScrollMove, scrolledTop, topShowing } from '../ui/bodyWindow.js';
import type { DocLine } from '../ui/markdown/types.js';

export type { ScrollMove } from '../ui/bodyWindow.js';

export interface BodyScroll {
  /** First visible line. */
  top: number;
  scroll(move: ScrollMove): void;
  /** Brings the selected item into view, even when the selection did not change. */
  showSelected(): void;
}

/** A section that may appear in the body; when its key changes, the body scrolls to its line. */
export interface Reveal {
  key: string;
  line: number;
}

export function useBodyScroll(
  lines: readonly DocLine[],
  rows: number,
  selected: number,
  stepId: string,
  reveals: readonly Reveal[],
): BodyScroll {
  const [wanted, setWanted] = useState(0);
  const [focus, setFocus] = useState(0);
  const view = bodyWindow(lines.length, rows);
  const top = clampTop(wanted, view);
  const keys = reveals.map((reveal) => reveal.key).join('\n');
  const [seen, setSeen] = useState({ stepId, selected, keys, focus });

  useEffect(() => {
    if (seen.stepId === stepId && seen.selected === selected && seen.keys === keys && seen.focus === focus) return;
    setSeen({ stepId, selected, keys, focus });
    if (seen.stepId !== stepId) {
      setWanted(0);
      return;
    }
    const previous = seen.keys.split('\n');
    const revealed = reveals.find((reveal, index) => reveal.key !== previous[index]);
    if (revealed) {
      setWanted(revealed.line);
      return;
    }
    const first = lines.findIndex((line) => line.item === selected);
    if (first < 0) return;
    let last = first;
    while (last + 1 < lines.length && lines[last + 1]!.item === selected) last++;
    setWanted(topShowing(top, first, last, view));
  }, [stepId, selected, keys, focus, seen, reveals, lines, top, view]);

  return {
    top,
    scroll: (move) => setWanted(scrolledTop(top, move, view)),
    showSelected: () => setFocus((count) => count + 1),
  };
}
