/** The guide's keyboard: each key to `handle`, one at a time, also when they arrive in one chunk. */
import { type Key, useInput } from 'ink';
import { useRef } from 'react';
import type { Mode } from '../core/stepState/types.js';
import { keyOf } from '../ui/keymap.js';

export function useGuideKeys(handle: (input: string, key: Partial<Key>) => void, mode: () => Mode): void {
  // Keys typed while the app was busy reach it as one chunk ("2\r"), which Ink reports as a single
  // input: take them one by one, each after the state the previous one led to.
  const pending = useRef<string[]>([]);
  const drain = (): void => {
    const next = pending.current.shift();
    if (next === undefined) return;
    handle(...keyOf(next));
    if (pending.current.length > 0) setTimeout(drain, 0);
  };
  useInput((input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta && mode().kind !== 'answering-question') {
      const idle = pending.current.length === 0;
      pending.current.push(...input);
      if (idle) drain();
      return;
    }
    handle(input, key);
  });
}
