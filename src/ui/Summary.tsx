/** The end of a lab: time taken, steps and checks passed, hints and solutions used. */
import { Box, Text } from 'ink';
import type { Lab } from '../core/lab.js';
import type { LabProgress } from '../core/progress.js';
import { summarizeProgress } from '../core/progressSummary.js';
import { labStanding, NEEDS_DATA_PLANE } from '../core/stepStatus.js';
import { formatDuration, plural } from './format.js';
import { useTheme } from './theme.js';

export interface SummaryProps {
  lab: Lab;
  progress: LabProgress;
}

/** The summary as lines: the first is the title; the same words in the full guide and the plain transcript. */
export function summaryLines(lab: Lab, progress: LabProgress): string[] {
  const summary = summarizeProgress(lab, progress);
  const total = lab.steps.length;
  const started = progress.startedAt ? Date.parse(progress.startedAt) : undefined;
  const finished = progress.finishedAt ? Date.parse(progress.finishedAt) : undefined;
  const time = started !== undefined && finished !== undefined ? formatDuration(finished - started) : 'unknown';
  const all = summary.done === total;
  // The same words `labs list` prints for this lab.
  const standing = labStanding({ steps: total, done: summary.done, needsDataPlane: summary.needsDataPlane });
  const how = [
    `${summary.passed} passed`,
    ...(summary.skipped ? [`${summary.skipped} solved with the solution`] : []),
    ...(summary.needsDataPlane ? [`${summary.needsDataPlane} cannot pass on this cluster`] : []),
  ].join(', ');
  return [
    all ? `🎉 You finished "${lab.manifest.title}"` : `End of "${lab.manifest.title}"`,
    '',
    `Time taken:          ${time}`,
    `Steps done:          ${summary.done} of ${total} (${how})`,
    `Hints used:          ${summary.hintsSeen}`,
    `Solutions used:      ${summary.solutionsUsed}`,
    '',
    ...(summary.open > 0
      ? [`${plural(summary.open, 'step')} not passed yet: press l to pick one, or p to go back.`]
      : []),
    ...(summary.needsDataPlane > 0
      ? [`${plural(summary.needsDataPlane, 'step')} cannot pass on this cluster: ${NEEDS_DATA_PLANE}.`]
      : []),
    `Your progress is saved; \`labs list\` shows this lab as ${standing}.`,
  ];
}

export function Summary({ lab, progress }: SummaryProps) {
  const { color } = useTheme();
  const all = summarizeProgress(lab, progress).done === lab.steps.length;
  const [title, ...rest] = summaryLines(lab, progress);
  const saved = rest.pop();
  return (
    <Box flexDirection="column">
      <Text bold color={color ? (all ? 'green' : 'yellow') : undefined}>
        {title}
      </Text>
      {rest.map((line, index) => (
        <Text key={index}>{line || ' '}</Text>
      ))}
      <Text dimColor>{saved}</Text>
    </Box>
  );
}
