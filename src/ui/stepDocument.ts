/**
 * Everything the body of a step shows, as wrapped lines: the step text with its command blocks,
 * its questions with the learner's answers, the hints seen so far and, once revealed, the solution.
 */
import type { Step } from '../core/lab.js';
import type { StepProgress } from '../core/progress.js';
import type { StepReport } from '../core/grading/types.js';
import { renderTemplate } from '../core/template.js';
import { renderForShell } from '../core/labVariables.js';
import { renderMarkdown } from './markdown/renderMarkdown.js';
import type { DocLine, Span } from './markdown/types.js';
import { mergeSpans, wrapSpans } from './markdown/wrap.js';
import type { SolutionFile } from './services.js';
import type { ObjectExplanation } from '../core/explain/explainStep.js';
import { explanationLines } from '../core/explain/explainText.js';

export interface StepDocumentInput {
  step: Step;
  vars: Readonly<Record<string, string>>;
  width: number;
  color: boolean;
  record: StepProgress;
  report?: StepReport;
  /** The solution files once revealed; undefined while loading. */
  solution?: readonly SolutionFile[];
  /** The learner's objects against the reference solution, once asked for with d. */
  explanation?: readonly ObjectExplanation[];
}

const blank: DocLine = { spans: [] };

const plainText = { bold: (text: string) => text, dim: (text: string) => text };

const heading = (text: string): DocLine => ({ spans: [{ text, bold: true, underline: true }] });

export interface StepDocument {
  lines: DocLine[];
  /** Line where the newest hint starts, when one is shown. */
  hintLine?: number;
  /** Line where the solution starts, when revealed. */
  solutionLine?: number;
  /** Line where the comparison with the solution starts, when asked for. */
  explanationLine?: number;
}

export function stepDocument(input: StepDocumentInput): StepDocument {
  const { step, vars, width, color, record } = input;
  const fill = (text: string): string => renderTemplate(text, vars);
  const render = (markdown: string): DocLine[] => renderMarkdown(markdown, { width, color, fill });
  // The runnable blocks show their code as it runs (values with shell syntax quoted): the block shown is the block run.
  const commands = step.commands.map((command) => ({
    token: command.token,
    script: renderForShell(command.code, vars),
  }));
  const lines = renderMarkdown(step.tokens, {
    width,
    color,
    fill,
    commands,
    ...(step.shownAs ? { shownAs: step.shownAs } : {}),
  });
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
  let explanationLine: number | undefined;
  if (input.explanation) {
    lines.push(blank);
    explanationLine = lines.length;
    const [title, ...rest] = explanationLines(step.title, input.explanation, plainText);
    lines.push(heading('Your objects against the solution'), ...wrapSpans([{ text: title! }], width));
    for (const line of rest) {
      const indent = line.length - line.trimStart().length;
      lines.push(
        ...wrapSpans(
          [{ text: line.trimStart() }],
          width,
          [{ text: ' '.repeat(indent) }],
          [{ text: ' '.repeat(indent + 2) }],
        ),
      );
    }
  }
  while (lines.length > 0 && lines[lines.length - 1]!.spans.length === 0) lines.pop();
  return { lines, hintLine, solutionLine, explanationLine };
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
