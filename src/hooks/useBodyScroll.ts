/**
 * Scrolling of the step body: a new step starts at the top; choosing another block or question
 * brings it into view; a new section (a hint, the solution) scrolls to where it starts.
 */
import { useEffect, useState } from 'react';
import type { DocLine } from '../ui/markdown/types.js';

export type ScrollMove = 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom';

export interface BodyScroll {
  /** First visible line. */
  top: number;
  scroll(move: ScrollMove): void;
}

/** A section that may appear in the body; when its key changes, the body scrolls to its line. */
export interface Reveal {
  key: string;
  line: number;
}

/** The top line that shows lines first..last, moving as little as possible from `top`. */
function showing(top: number, first: number, last: number, viewport: number): number {
  if (first < top) return first;
  if (last >= top + viewport) return Math.min(first, last - viewport + 1);
  return top;
}

export function useBodyScroll(
  lines: readonly DocLine[],
  viewport: number,
  selected: number,
  stepId: string,
  reveals: readonly Reveal[],
): BodyScroll {
  const [wanted, setWanted] = useState(0);
  const max = Math.max(0, lines.length - viewport);
  const top = Math.min(wanted, max);
  const keys = reveals.map((reveal) => reveal.key).join('\n');
  const [seen, setSeen] = useState({ stepId, selected, keys });

  useEffect(() => {
    if (seen.stepId === stepId && seen.selected === selected && seen.keys === keys) return;
    setSeen({ stepId, selected, keys });
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
    setWanted(showing(Math.min(wanted, max), first, last, viewport));
  }, [stepId, selected, keys, seen, reveals, lines, wanted, max, viewport]);

  const page = Math.max(1, viewport - 1);
  const scroll = (move: ScrollMove): void => {
    const moves: Record<ScrollMove, number> = {
      'line-up': top - 1,
      'line-down': top + 1,
      'page-up': top - page,
      'page-down': top + page,
      top: 0,
      bottom: max,
    };
    setWanted(Math.min(Math.max(0, moves[move]), max));
  };
  return { top, scroll };
}
