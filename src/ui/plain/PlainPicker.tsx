/** The lab picker as plain lines: the labs numbered, a digit opens one, q quits. */
import { useInput } from 'ink';
import { useEffect } from 'react';
import type { LabChoice } from '../services.js';

export interface PlainPickerProps {
  choices: readonly LabChoice[];
  onPick(id: string): void;
  onQuit(): void;
  write(text: string): void;
}

export function PlainPicker({ choices, onPick, onQuit, write }: PlainPickerProps) {
  const openable = choices.filter((choice) => !choice.problem).slice(0, 9);
  useEffect(() => {
    const lines = [
      'k8s-labs: choose a lab (plain mode)',
      ...openable.map(
        (choice, index) =>
          `${index + 1}. ${choice.title} (${choice.id}, ${choice.steps} steps, about ${choice.estimatedMinutes} min, ${choice.done} of ${choice.steps} done)`,
      ),
      ...choices.filter((choice) => choice.problem).map((choice) => `cannot open ${choice.id}: ${choice.problem}`),
      openable.length > 0 ? `keys: 1-${openable.length} open a lab, q quit` : 'no lab to open here; keys: q quit',
    ];
    write(lines.map((line) => `${line}\n`).join(''));
    // Written once: the list does not change while it is shown.
  }, []);
  useInput((input, key) => {
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return onQuit();
    const choice = /^[1-9]$/.test(input) ? openable[Number(input) - 1] : undefined;
    if (choice) onPick(choice.id);
  });
  return null;
}
