/**
 * Property: at the sizes the guide is used at, every line of every shipped step (with all its
 * hints and its solution shown) can be brought on screen, by line, by page and by G, and every
 * block or question, once selected, is shown whole (or from its start when taller than the body).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabs, loadLabAt } from '../../../src/adapters/fs/labRepository.js';
import { labVariables } from '../../../src/core/labVariables.js';
import { emptyStepProgress, type StepProgress } from '../../../src/core/progress.js';
import {
  bodyWindow,
  type BodyWindow,
  type ScrollMove,
  scrolledTop,
  topShowing,
  visibleRange,
} from '../../../src/ui/bodyWindow.js';
import { HEADER_ROWS } from '../../../src/ui/Header.js';
import { planRows } from '../../../src/ui/layout.js';
import { stepDocument } from '../../../src/ui/stepDocument.js';

const root = path.resolve(import.meta.dirname, '../../..');
const labs = findLabs(root).map((location) => loadLabAt(location).lab!);
const sizes = [
  { columns: 60, rows: 20 },
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
];

function solutionFiles(labId: string, stepId: string) {
  const dir = path.join(root, 'solutions', labId, stepId);
  try {
    return readdirSync(dir)
      .filter((name) => statSync(path.join(dir, name)).isFile())
      .sort()
      .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
  } catch {
    return [];
  }
}

/** Every line index seen while pressing `move` from the top until the body stops moving. */
function seenBy(move: ScrollMove, lineCount: number, view: BodyWindow): Set<number> {
  const seen = new Set<number>();
  let top = 0;
  for (let turn = 0; turn <= lineCount; turn++) {
    const { start, end } = visibleRange(top, view, lineCount);
    for (let line = start; line < end; line++) seen.add(line);
    const next = scrolledTop(top, move, view);
    if (next === top) break;
    top = next;
  }
  return seen;
}

describe('every line of every shipped step is reachable', () => {
  it('finds the shipped labs', () => expect(labs.map((lab) => lab.id)).toContain('clusterip'));

  for (const lab of labs)
    for (const size of sizes)
      it(`${lab.id} at ${size.columns}x${size.rows}`, () => {
        const width = size.columns - 1;
        for (const step of lab.steps) {
          const record: StepProgress = {
            ...emptyStepProgress(),
            hintsSeen: step.hints.map((_, tier) => ({ tier, at: '2030-01-01T00:00:00.000Z' })),
            solutionRevealedAt: '2030-01-01T00:00:00.000Z',
          };
          const { lines } = stepDocument({
            step,
            vars: labVariables(lab),
            width,
            color: false,
            record,
            solution: solutionFiles(lab.id, step.id),
          });
          // The roomiest and the tightest layout the screen uses: no panes; a notice, three
          // footer rows, the output pane and a long checks pane.
          for (const request of [
            { footer: 2, output: 0, checks: 0 },
            { footer: 4, output: 8, checks: 12 },
          ]) {
            const { body } = planRows({ rows: size.rows, header: HEADER_ROWS, dialog: 0, ...request });
            const view = bodyWindow(lines.length, body);
            const all = lines.length;
            const where = `${step.id}, ${body} body rows`;
            expect(seenBy('line-down', all, view).size, where).toBe(all);
            expect(seenBy('page-down', all, view).size, where).toBe(all);
            expect(visibleRange(scrolledTop(0, 'bottom', view), view, all).end, where).toBe(all);
            const items = new Set(lines.flatMap((line) => (line.item === undefined ? [] : [line.item])));
            for (const item of items) {
              const first = lines.findIndex((line) => line.item === item);
              const last = lines.findLastIndex((line) => line.item === item);
              for (const from of [0, view.maxTop]) {
                const { start, end } = visibleRange(topShowing(from, first, last, view), view, all);
                expect(start <= first && (last < end || start === first), `${where}, item ${item}`).toBe(true);
              }
            }
          }
        }
      });
});
