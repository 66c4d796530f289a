/** `k8s-labs start` without a lab: pick one, with its time and your progress. */
import { labStanding } from '../core/stepStatus.js';
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { progressBar, truncate } from './format.js';
import type { LabChoice } from './services.js';
import { useTheme } from './theme.js';

export interface LabPickerProps {
  choices: readonly LabChoice[];
  width: number;
  rows: number;
  onPick(id: string): void;
  onQuit(): void;
}

export function LabPicker({ choices, width, rows, onPick, onQuit }: LabPickerProps) {
  const { color } = useTheme();
  const initial = Math.max(
    0,
    choices.findIndex((choice) => choice.current),
  );
  const [cursor, setCursor] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useInput((input, key) => {
    if (key.upArrow || input === 'k') setCursor((c) => Math.max(0, c - 1));
    else if (key.downArrow || input === 'j') setCursor((c) => Math.min(choices.length - 1, c + 1));
    else if (key.return) {
      const choice = choices[cursor];
      if (!choice) return;
      if (choice.problem) setProblem(`${choice.id} cannot be opened: ${choice.problem}`);
      else onPick(choice.id);
    } else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) onQuit();
  });
  const perLab = 2;
  const visible = Math.max(1, Math.floor((rows - 6) / perLab));
  const first = Math.min(Math.max(0, cursor - Math.floor(visible / 2)), Math.max(0, choices.length - visible));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>k8s-labs · choose a lab</Text>
      <Text dimColor>{'─'.repeat(width)}</Text>
      {choices.length === 0 && <Text>No labs found.</Text>}
      {choices.slice(first, first + visible).map((choice, offset) => {
        const index = first + offset;
        const selected = index === cursor;
        const state = choice.problem
          ? 'broken: run `labs validate`'
          : labStanding({
              steps: choice.steps,
              done: choice.done,
              needsDataPlane: choice.needsDataPlane ?? 0,
              ...(choice.at ? { at: `"${choice.at}"` } : {}),
            });
        return (
          <Box key={choice.id} flexDirection="column">
            <Text inverse={selected} wrap="truncate-end">
              {truncate(`${selected ? '▶' : ' '} ${choice.title}${choice.current ? ' (last opened)' : ''}`, width - 1)}
            </Text>
            <Text wrap="truncate-end">
              <Text dimColor>{`    ${choice.id} · ${choice.steps} steps · ~${choice.estimatedMinutes} min · `}</Text>
              <Text color={color ? 'green' : undefined}>{progressBar(choice.done, choice.steps, 10)}</Text>
              <Text dimColor>{` ${state}`}</Text>
            </Text>
          </Box>
        );
      })}
      <Text> </Text>
      {problem && <Text color={color ? 'red' : undefined}>{problem}</Text>}
      <Text>
        <Text bold>↑↓</Text>
        <Text dimColor> move · </Text>
        <Text bold>Enter</Text>
        <Text dimColor> open · </Text>
        <Text bold>q</Text>
        <Text dimColor> quit</Text>
      </Text>
    </Box>
  );
}
