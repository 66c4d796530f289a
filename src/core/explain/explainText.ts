/**
 * An explanation as text lines, for `labs check --explain` and the guide's `d`: each reference
 * object, and its fields that differ, yours beside the expected.
 */
import { HIDDEN_ANSWER, type ObjectExplanation } from './explainStep.js';

/** How the lines are emphasised: ANSI on the command line, plain in the guide. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
}

const show = (value: unknown): string =>
  value === HIDDEN_ANSWER
    ? HIDDEN_ANSWER
    : value === undefined
      ? '(not set)'
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

export function explanationLines(
  stepTitle: string,
  explanations: readonly ObjectExplanation[],
  style: TextStyle,
): string[] {
  if (explanations.length === 0)
    return [`Step "${stepTitle}" creates no objects in its reference solution: nothing to compare.`];
  const lines = [style.bold(`Your objects against the reference solution of "${stepTitle}":`)];
  for (const item of explanations) {
    const what = `${item.kind} ${item.name}${item.namespace ? ` in ${item.namespace}` : ''}`;
    switch (item.state) {
      case 'missing':
        lines.push(`  ${what}: you have none yet ${style.dim(`(${item.file})`)}`);
        break;
      case 'same':
        lines.push(`  ${what}: matches the reference`);
        break;
      case 'unknown-kind':
        lines.push(`  ${what}: cannot be compared (this build does not read ${item.kind})`);
        break;
      case 'differs':
        lines.push(`  ${what} ${style.dim(`(${item.file})`)}`);
        for (const difference of item.differences)
          lines.push(`    ${difference.path}: yours ${show(difference.live)}, expected ${show(difference.expected)}`);
    }
  }
  lines.push(style.dim('Fields the API server fills in are not compared. Recorded in your progress, like a hint.'));
  return lines;
}
