/** The end of a lab: time taken, steps and checks passed, hints and solutions used. */
import { Box, Text } from 'ink';
import type { Lab } from '../core/lab.js';
import type { LabProgress } from '../core/progress.js';
import { summarizeProgress } from '../core/progressSummary.js';
import type { StepReport } from '../core/grading/types.js';
import { formatDuration, plural } from './format.js';
import { useTheme } from './theme.js';

export interface SummaryProps {
  lab: Lab;
  progress: LabProgress;
  reports: Readonly<Record<string, StepReport>>;
}

export function Summary({ lab, progress, reports }: SummaryProps) {
  const { color } = useTheme();
  const summary = summarizeProgress(lab, progress);
  const total = lab.steps.length;
  const started = progress.startedAt ? Date.parse(progress.startedAt) : undefined;
  const finished = progress.finishedAt ? Date.parse(progress.finishedAt) : undefined;
  const time = started !== undefined && finished !== undefined ? formatDuration(finished - started) : 'unknown';
  const graded = Object.values(reports).flatMap((report) => report.checks);
  const checksPassed = graded.filter((check) => check.status === 'pass').length;
  const all = summary.done === total;
  return (
    <Box flexDirection="column">
      <Text bold color={color ? (all ? 'green' : 'yellow') : undefined}>
        {all ? `🎉 You finished "${lab.manifest.title}"` : `End of "${lab.manifest.title}"`}
      </Text>
      <Text> </Text>
      <Text>{`Time taken:          ${time}`}</Text>
      <Text>{`Steps passed:        ${summary.passed} of ${total}${summary.skipped ? ` (+${summary.skipped} with the solution applied)` : ''}`}</Text>
      <Text>{`Checks passed:       ${graded.length ? `${checksPassed} of ${graded.length} (latest results this session)` : 'none run this session'}`}</Text>
      <Text>{`Hints used:          ${summary.hintsSeen}`}</Text>
      <Text>{`Solutions used:      ${summary.solutionsUsed}`}</Text>
      <Text> </Text>
      {!all && (
        <Text>{`${plural(total - summary.done, 'step')} not passed yet: press l to pick one, or p to go back.`}</Text>
      )}
      <Text dimColor>Your progress is saved; `labs list` shows it.</Text>
    </Box>
  );
}
