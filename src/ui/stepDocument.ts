/**
 * Everything the body of a step shows, as wrapped lines: the step text with its command blocks,
 * its questions with the learner's answers, the hints seen so far and, once revealed, the solution.
 */
import type { Step } from '../core/lab.js';
import type { StepProgress } from '../core/progress.js';
import type { StepReport } from '../core/grading/types.js';
import { renderTemplate } from '../core/template.js';
import { renderForShell } from '../core/labTest/labVariables.js';
import { findFencedBlocks, RUN_MARKER } from '../core/markdown.js';
import { renderMarkdown } from './markdown/renderMarkdown.js';
import type { DocLine, Span } from './markdown/types.js';
import { mergeSpans, wrapSpans } from './markdown/wrap.js';
import type { SolutionFile } from './services.js';

export interface StepDocumentInput {
  step: Step;
  vars: Readonly<Record<string, string>>;
  width: number;
  color: boolean;
  record: StepProgress;
  report?: StepReport;
  /** The solution files once revealed; undefined while loading. */
  solution?: readonly SolutionFile[];
}

const blank: DocLine = { spans: [] };

const heading = (text: string): DocLine => ({ spans: [{ text, bold: true, underline: true }] });

export interface StepDocument {
  lines: DocLine[];
  /** Line where the newest hint starts, when one is shown. */
  hintLine?: number;
  /** Line where the solution starts, when revealed. */
  solutionLine?: number;
}

export function stepDocument(input: StepDocumentInput): StepDocument {
  const { step, vars, width, color, record } = input;
  const render = (markdown: string, runnable = false): DocLine[] =>
    renderMarkdown(renderTemplate(markdown, vars), { width, color, runnable });
  const lines = renderMarkdown(renderBody(step.body, vars), { width, color });
  if (step.questions.length > 0) lines.push(blank, heading('Questions'), ...questionLines(input));
  const tiers = [...new Set(record.hintsSeen.map((hint) => hint.tier))]
    .filter((tier) => tier < step.hints.length)
    .sort((a, b) => a - b);
  let hintLine: number | undefined;
  let solutionLine: number | undefined;
  if (tiers.length > 0) {
    lines.push(blank, heading('Hints'));
    for (const tier of tiers) {
      lines.push(blank);
      hintLine = lines.length;
      lines.push(...render(`**Hint ${tier + 1}.** ${step.hints[tier]}`));
    }
  }
  if (record.solutionRevealedAt) {
    lines.push(blank);
    solutionLine = lines.length;
    lines.push(heading('Solution'), blank);
    if (!input.solution) lines.push({ spans: [{ text: 'loading…', dim: true }] });
    else if (input.solution.length === 0)
      lines.push({ spans: [{ text: 'this step has no solution files', dim: true }] });
    else lines.push(...render(input.solution.map(solutionMarkdown).join('\n\n')));
  }
  while (lines.length > 0 && lines[lines.length - 1]!.spans.length === 0) lines.pop();
  return { lines, hintLine, solutionLine };
}

/**
 * The step text with variables filled in: in command blocks as they run (values with shell syntax
 * quoted), so the block shown is the block run; elsewhere as written.
 */
export function renderBody(body: string, vars: Readonly<Record<string, string>>): string {
  const lines = body.split('\n');
  const out: string[] = [];
  let next = 0;
  for (const block of findFencedBlocks(body)) {
    if (!block.info.slice(1).includes(RUN_MARKER) || block.code === '') continue;
    // `line` is the 1-based line of the opening fence: the code starts on the line after it.
    const first = block.line;
    const count = block.code.split('\n').length;
    out.push(renderTemplate(lines.slice(next, first).join('\n'), vars), renderForShell(block.code, vars));
    next = first + count;
  }
  if (next < lines.length) out.push(renderTemplate(lines.slice(next).join('\n'), vars));
  return out.join('\n');
}

function solutionMarkdown(file: SolutionFile): string {
  const lang = /\.ya?ml$/.test(file.name) ? 'yaml' : file.name.endsWith('.sh') ? 'sh' : '';
  return `\`${file.name}\`\n\n\`\`\`\`${lang}\n${file.text.replace(/\n$/, '')}\n\`\`\`\``;
}

function questionLines(input: StepDocumentInput): DocLine[] {
  const { step, vars, width, record, report } = input;
  const lines: DocLine[] = [];
  step.questions.forEach((question, index) => {
    const item = step.commands.length + index;
    const label = `[Q${index + 1}] `;
    const prompt: Span[] = [{ text: renderTemplate(question.prompt, vars) }];
    const indent: Span = { text: ' '.repeat(label.length + 2) };
    const plain = wrapSpans(prompt, width, [{ text: `▷ ${label}`, color: 'cyan', bold: true }], [indent]);
    const selected = wrapSpans(prompt, width, [{ text: `▶ ${label}`, inverse: true, bold: true }], [indent]);
    lines.push(blank, ...plain.map((line, at) => ({ ...line, item, selectedSpans: selected[at]!.spans })));
    lines.push({ item, spans: answerSpans(question.id, record, report, indent) });
  });
  return lines;
}

function answerSpans(id: string, record: StepProgress, report: StepReport | undefined, indent: Span): Span[] {
  const answer = record.answers[id];
  if (!answer) return mergeSpans([indent, { text: 'not answered yet: select it and press Enter', dim: true }]);
  const graded = report?.checks.find((check) => check.id === id);
  const correct =
    graded && (graded.status === 'pass' || graded.status === 'fail') ? graded.status === 'pass' : answer.correct;
  const verdict: Span =
    correct === true
      ? { text: '  ✓ correct', color: 'green' }
      : correct === false
        ? { text: '  ✗ not right yet', color: 'red' }
        : { text: '  not graded yet', dim: true };
  return mergeSpans([indent, { text: 'your answer: ', dim: true }, { text: answer.value, bold: true }, verdict]);
}
