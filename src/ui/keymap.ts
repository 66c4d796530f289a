/**
 * Which key does what in each state, and the footer that lists them. One table for both, so the
 * footer never shows a key that does nothing. Pure: tested without rendering.
 */
import type { Key } from 'ink';
import { editsOfRaw, type LineEdit } from '../core/stepState/lineEdit.js';
import type { ActionBody, Mode } from '../core/stepState/types.js';

export type KeyIntent =
  | { kind: 'action'; action: ActionBody }
  | { kind: 'scroll-body'; by: 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'top' | 'bottom' }
  | { kind: 'scroll-output'; by: 'up' | 'down' }
  | { kind: 'create-cluster' }
  | { kind: 'none' };

/** What the keys depend on besides the mode. */
export interface KeyContext {
  stepIndex: number;
  stepCount: number;
  selected: 'block' | 'question' | undefined;
  /** Number of selectable items (blocks, then questions). */
  items: number;
  /** The banner offers C: no cluster, and one can be created. */
  canCreateCluster: boolean;
  outputShown: boolean;
  bodyScrolls: boolean;
  resetAvailable: boolean;
  autoCheck: boolean;
  /** The step's latest grading failed and the cluster can explain it: d compares with the solution. */
  canExplain: boolean;
}

const act = (action: ActionBody): KeyIntent => ({ kind: 'action', action });
const none: KeyIntent = { kind: 'none' };

function scrollKeys(input: string, key: Partial<Key>): KeyIntent | undefined {
  if (key.upArrow || input === 'k') return { kind: 'scroll-body', by: 'line-up' };
  if (key.downArrow || input === 'j') return { kind: 'scroll-body', by: 'line-down' };
  if (key.pageUp) return { kind: 'scroll-body', by: 'page-up' };
  if (key.pageDown || input === ' ') return { kind: 'scroll-body', by: 'page-down' };
  if (key.home || input === 'g') return { kind: 'scroll-body', by: 'top' };
  if (key.end || input === 'G') return { kind: 'scroll-body', by: 'bottom' };
  if (input === '[') return { kind: 'scroll-output', by: 'up' };
  if (input === ']') return { kind: 'scroll-output', by: 'down' };
  return undefined;
}

const CTRL_EDITS: Readonly<Record<string, LineEdit>> = {
  u: { kind: 'kill-before' },
  k: { kind: 'kill-after' },
  w: { kind: 'kill-word' },
  a: { kind: 'home' },
  e: { kind: 'end' },
  h: { kind: 'backspace' },
};

/** The answer field's edits for one input event (a chunk of fast typing can hold several). */
export function answerEdits(input: string, key: Partial<Key>): LineEdit[] {
  if (key.return) return [{ kind: 'submit' }];
  // Terminals send DEL (which Ink calls delete) for Backspace.
  if (key.backspace || key.delete) return [{ kind: 'backspace' }];
  if (key.leftArrow) return [{ kind: 'left' }];
  if (key.rightArrow) return [{ kind: 'right' }];
  if (key.home) return [{ kind: 'home' }];
  if (key.end) return [{ kind: 'end' }];
  if (key.ctrl) {
    const edit = CTRL_EDITS[input];
    return edit ? [edit] : [];
  }
  if (key.meta || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return [];
  return editsOfRaw(input);
}

export function intentForKey(mode: Mode, input: string, key: Partial<Key>, context: KeyContext): KeyIntent {
  if (key.ctrl && input === 'c') return act({ type: 'interrupt' });
  switch (mode.kind) {
    case 'reading': {
      if (key.tab) return act({ type: key.shift ? 'select-previous' : 'select-next' });
      if (key.leftArrow) return act({ type: 'select-previous' });
      if (key.rightArrow) return act({ type: 'select-next' });
      if (key.return) return act({ type: 'activate' });
      if (key.escape) return act({ type: 'cancel' });
      if (/^[1-9]$/.test(input)) return act({ type: 'select', item: Number(input) - 1 });
      const scroll = scrollKeys(input, key);
      if (scroll) return scroll;
      const verbs: Record<string, ActionBody> = {
        n: { type: 'next' },
        p: { type: 'previous' },
        c: { type: 'check' },
        a: { type: 'toggle-auto-check' },
        h: { type: 'hint' },
        d: { type: 'explain' },
        s: { type: 'reveal-solution' },
        r: { type: 'reset-step' },
        l: { type: 'open-step-list' },
        x: { type: 'dismiss-output' },
        q: { type: 'quit' },
      };
      if (input === 'C') return context.canCreateCluster ? { kind: 'create-cluster' } : none;
      const verb = verbs[input];
      return verb ? act(verb) : none;
    }
    case 'running-command':
    case 'checking':
    case 'explaining':
    case 'resetting':
      if (key.escape && (mode.kind === 'checking' || mode.kind === 'explaining')) return act({ type: 'interrupt' });
      // Moving on stops the check: its result would be for a step no longer shown.
      if (mode.kind === 'checking' && input === 'n') return act({ type: 'next' });
      if (mode.kind === 'checking' && input === 'p' && context.stepIndex > 0) return act({ type: 'previous' });
      if (input === 'q') return act({ type: 'quit' });
      return scrollKeys(input, key) ?? none;
    case 'confirming-command':
    case 'confirming-solution':
    case 'confirming-reset':
    case 'confirming-quit':
      if (key.return || input === 'y' || (mode.kind === 'confirming-quit' && input === 'q'))
        return act({ type: 'confirm' });
      if (key.escape || input === 'n') return act({ type: 'cancel' });
      return none;
    case 'answering-question': {
      if (key.escape) return act({ type: 'cancel' });
      // Everything else edits the answer field.
      const edits = answerEdits(input, key);
      return edits.length > 0 ? act({ type: 'edit-answer', edits }) : none;
    }
    case 'step-list':
      if (key.upArrow || input === 'k') return act({ type: 'list-move', delta: -1 });
      if (key.downArrow || input === 'j') return act({ type: 'list-move', delta: 1 });
      if (key.return) return act({ type: 'go-to', step: mode.cursor });
      if (input === 'J') return act({ type: 'jump-here' });
      if (key.escape || input === 'l') return act({ type: 'cancel' });
      if (input === 'q') return act({ type: 'quit' });
      return none;
    case 'summary':
      if (input === 'q' || key.return) return act({ type: 'quit' });
      if (input === 'p' || key.escape) return act({ type: 'previous' });
      if (input === 'l') return act({ type: 'open-step-list' });
      return none;
    case 'quitting':
      return none;
  }
}

/** One character of a multi-key chunk as Ink would have reported it alone. */
export function keyOf(char: string): [string, Partial<Key>] {
  if (char === '\r' || char === '\n') return ['', { return: true }];
  if (char === '\t') return ['', { tab: true }];
  if (char === '\u007F' || char === '\b') return ['', { backspace: true }];
  return [char, /[A-Z]/.test(char) ? { shift: true } : {}];
}

export interface KeyHelp {
  keys: string;
  label: string;
}

/** The keys that apply right now, for the footer. */
export function keyHelp(mode: Mode, context: KeyContext): KeyHelp[] {
  const k = (keys: string, label: string): KeyHelp => ({ keys, label });
  const scroll = context.bodyScrolls ? [k('↑↓ PgUp PgDn', 'scroll')] : [];
  const output = context.outputShown ? [k('[ ]', 'output')] : [];
  switch (mode.kind) {
    case 'reading': {
      const last = context.stepIndex === context.stepCount - 1;
      return [
        ...(context.selected === 'block'
          ? [k('Enter', 'run')]
          : context.selected === 'question'
            ? [k('Enter', 'answer')]
            : []),
        ...(context.items > 1 ? [k('Tab', 'select')] : []),
        k('c', 'check'),
        k('n', last ? 'finish' : 'next'),
        ...(context.stepIndex > 0 ? [k('p', 'previous')] : []),
        k('h', 'hint'),
        ...(context.canExplain ? [k('d', 'diff with the solution')] : []),
        k('s', 'solution'),
        k('l', 'steps'),
        ...(context.resetAvailable ? [k('r', 'reset step')] : []),
        k('a', context.autoCheck ? 'auto-check off' : 'auto-check on'),
        ...(context.canCreateCluster ? [k('C', 'create cluster')] : []),
        ...(context.outputShown ? [k('x', 'close output')] : []),
        ...scroll,
        ...output,
        k('q', 'quit'),
      ];
    }
    case 'running-command':
      return [k('Ctrl-C', 'stop the command'), ...scroll, ...output, k('q', 'quit')];
    case 'checking':
      return [
        k('Esc', 'stop checking'),
        k('n', context.stepIndex === context.stepCount - 1 ? 'finish' : 'next'),
        ...(context.stepIndex > 0 ? [k('p', 'previous')] : []),
        ...scroll,
        k('q', 'quit'),
      ];
    case 'explaining':
      return [k('Esc', 'stop comparing'), ...scroll, k('q', 'quit')];
    case 'resetting':
      return [k('Ctrl-C', 'stop'), ...output, k('q', 'quit')];
    case 'confirming-command':
      return [k('Enter/y', 'run it'), k('Esc/n', 'cancel')];
    case 'confirming-solution':
      return [k('Enter/y', 'show the solution'), k('Esc/n', 'cancel')];
    case 'confirming-reset':
      return [k('Enter/y', 'rebuild'), k('Esc/n', 'cancel')];
    case 'confirming-quit':
      return [k('Enter/y/q', 'quit (progress is saved)'), k('Esc/n', 'stay')];
    case 'answering-question':
      return [k('Enter', 'submit and check it against the cluster'), k('Esc', 'cancel')];
    case 'step-list':
      return [
        k('↑↓', 'move'),
        k('Enter', 'open'),
        ...(context.resetAvailable ? [k('J', 'jump here (rebuild cluster)')] : []),
        k('Esc', 'back'),
        k('q', 'quit'),
      ];
    case 'summary':
      return [k('q/Enter', 'quit'), k('p', 'back to the last step'), k('l', 'steps')];
    case 'quitting':
      return [];
  }
}
