/** What each confirmation says: the exact command and context, or what a reset will do. */
import type { Lab } from '../core/lab.js';
import type { Mode } from '../core/stepState/types.js';
import type { ClusterTarget } from '../core/ports.js';
import { renderForShell } from '../core/labVariables.js';
import { describeOwned, ownedTargets } from '../core/labNamespaces.js';
import type { DocLine, Span } from './markdown/types.js';
import { hardSplit, wrapSpans } from './markdown/wrap.js';

export interface DialogContent {
  title: string;
  lines: DocLine[];
}

export interface DialogInput {
  mode: Mode;
  lab: Lab;
  stepIndex: number;
  vars: Readonly<Record<string, string>>;
  /** The cluster commands run against; undefined when there is none. */
  target: ClusterTarget | undefined;
  contextName: string;
  /** Still connecting: the block waits for the lab cluster, so the context is the lab's. */
  connecting: boolean;
  width: number;
}

const MAX_COMMAND_LINES = 10;

function contextLine(input: DialogInput, width: number): DocLine[] {
  const { target, contextName } = input;
  const spans: Span[] = target
    ? [{ text: 'context: ', dim: true }, { text: target.context, bold: true }, { text: ` (server ${target.server})` }]
    : input.connecting
      ? [
          { text: 'context: ', dim: true },
          { text: contextName, bold: true },
          { text: ' (still connecting: the block runs once the cluster answers)' },
        ]
      : [
          { text: 'context: ', dim: true },
          { text: 'none', bold: true },
          { text: ` (no lab cluster: kubectl in this command reaches no cluster; ${contextName} once created)` },
        ];
  return wrapSpans(spans, width);
}

export function dialogContent(input: DialogInput): DialogContent | undefined {
  const { mode, lab, width } = input;
  const step = lab.steps[input.stepIndex]!;
  switch (mode.kind) {
    case 'confirming-command': {
      // Exactly what runs: values with shell syntax are quoted.
      const script = renderForShell(step.commands[mode.block]?.code ?? '', input.vars);
      const code = script
        .split('\n')
        .flatMap((line, index) =>
          hardSplit(`${index === 0 ? '$ ' : '  '}${line}`, width).map((text) => ({ spans: [{ text, bold: true }] })),
        );
      const shown =
        code.length > MAX_COMMAND_LINES
          ? [
              ...code.slice(0, MAX_COMMAND_LINES - 1),
              { spans: [{ text: `  … ${code.length - MAX_COMMAND_LINES + 1} more lines`, dim: true }] },
            ]
          : code;
      return {
        title: `Run block [${mode.block + 1}]? (asked once per block)`,
        lines: [...shown, ...contextLine(input, width)],
      };
    }
    case 'confirming-solution':
      return {
        title: 'Reveal the solution of this step?',
        lines: wrapSpans([{ text: 'It is recorded in your progress. Try a hint (h) first if you have not.' }], width),
      };
    case 'confirming-reset': {
      const target = lab.steps[mode.target]!;
      let what: string;
      try {
        what = describeOwned(ownedTargets(lab, input.vars), lab.where);
      } catch (error) {
        what = `nothing: ${(error as Error).message}`;
      }
      const before =
        mode.target === 0
          ? 'nothing else'
          : mode.target === 1
            ? 'the solution of step 1'
            : `the solutions of steps 1 to ${mode.target}`;
      const recorded =
        mode.target === 0
          ? ''
          : ` ${mode.target === 1 ? 'That step counts' : 'Those steps count'} as solved with the solution unless you passed ${mode.target === 1 ? 'it' : 'them'}.`;
      return {
        title: `Rebuild the cluster for the start of step ${mode.target + 1}, "${target.title}"?`,
        lines: [
          ...wrapSpans([{ text: `This deletes ${what} and applies ${before}.${recorded}` }], width),
          ...contextLine(input, width),
        ],
      };
    }
    case 'confirming-quit':
      return {
        title: 'Quit?',
        lines: wrapSpans(
          [{ text: `Your progress is saved: \`k8s-labs start ${lab.id}\` brings you back here.` }],
          width,
        ),
      };
    default:
      return undefined;
  }
}
