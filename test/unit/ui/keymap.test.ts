import { describe, expect, it } from 'vitest';
import { intentForKey, type KeyContext, keyHelp } from '../../../src/ui/keymap.js';
import { planRows } from '../../../src/ui/layout.js';

const context: KeyContext = {
  stepIndex: 0,
  stepCount: 3,
  selected: 'block',
  items: 2,
  canCreateCluster: false,
  outputShown: false,
  bodyScrolls: false,
  resetAvailable: true,
  autoCheck: true,
  canExplain: false,
};
const reading = { kind: 'reading' } as const;

describe('keys', () => {
  it('offers d only when the step failed and the cluster can explain it', () => {
    expect(intentForKey(reading, 'd', {}, context)).toEqual({ kind: 'action', action: { type: 'explain' } });
    const labels = (canExplain: boolean) => keyHelp(reading, { ...context, canExplain }).map((help) => help.keys);
    expect(labels(false)).not.toContain('d');
    expect(labels(true)).toContain('d');
    expect(keyHelp(reading, { ...context, canExplain: true }).find((help) => help.keys === 'd')?.label).toBe(
      'diff with the solution',
    );
  });

  it('maps the verbs while reading', () => {
    expect(intentForKey(reading, 'c', {}, context)).toEqual({ kind: 'action', action: { type: 'check' } });
    expect(intentForKey(reading, '', { return: true }, context)).toEqual({
      kind: 'action',
      action: { type: 'activate' },
    });
    expect(intentForKey(reading, '', { tab: true, shift: true }, context)).toEqual({
      kind: 'action',
      action: { type: 'select-previous' },
    });
    expect(intentForKey(reading, '2', {}, context)).toEqual({ kind: 'action', action: { type: 'select', item: 1 } });
    expect(intentForKey(reading, '', { pageDown: true }, context)).toEqual({ kind: 'scroll-body', by: 'page-down' });
    expect(intentForKey(reading, 'c', { ctrl: true }, context)).toEqual({
      kind: 'action',
      action: { type: 'interrupt' },
    });
  });

  it('offers C only when a cluster can be created', () => {
    expect(intentForKey(reading, 'C', { shift: true }, context)).toEqual({ kind: 'none' });
    expect(intentForKey(reading, 'C', { shift: true }, { ...context, canCreateCluster: true })).toEqual({
      kind: 'create-cluster',
    });
  });

  it('leaves typing to the answer field', () => {
    const answering = { kind: 'answering-question', question: 'port', draft: '', cursor: 0 } as const;
    expect(intentForKey(answering, 'q', {}, context)).toEqual({
      kind: 'action',
      action: { type: 'edit-answer', edits: [{ kind: 'insert', text: 'q' }] },
    });
    expect(intentForKey(answering, 'u', { ctrl: true }, context)).toEqual({
      kind: 'action',
      action: { type: 'edit-answer', edits: [{ kind: 'kill-before' }] },
    });
    // Three Backspaces and more typing that arrived as one chunk.
    expect(intentForKey(answering, 'ab\x7f\x7f\x7fc\r', {}, context)).toEqual({
      kind: 'action',
      action: {
        type: 'edit-answer',
        edits: [
          { kind: 'insert', text: 'ab' },
          { kind: 'backspace' },
          { kind: 'backspace' },
          { kind: 'backspace' },
          { kind: 'insert', text: 'c' },
          { kind: 'submit' },
        ],
      },
    });
    expect(intentForKey(answering, '', { upArrow: true }, context)).toEqual({ kind: 'none' });
    expect(intentForKey(answering, '', { escape: true }, context)).toEqual({
      kind: 'action',
      action: { type: 'cancel' },
    });
  });

  it('lists only the keys that apply', () => {
    const labels = (mode: Parameters<typeof keyHelp>[0], ctx: KeyContext) =>
      keyHelp(mode, ctx).map((key) => `${key.keys} ${key.label}`);
    expect(labels(reading, context)).toEqual([
      'Enter run',
      'Tab select',
      'c check',
      'n next',
      'h hint',
      's solution',
      'l steps',
      'r reset step',
      'a auto-check off',
      'q quit',
    ]);
    const last = labels(reading, {
      ...context,
      stepIndex: 2,
      selected: undefined,
      items: 0,
      resetAvailable: false,
      canCreateCluster: true,
      outputShown: true,
    });
    expect(last).toContain('n finish');
    expect(last).toContain('p previous');
    expect(last).toContain('C create cluster');
    expect(last).toContain('x close output');
    expect(last).not.toContain('r reset step');
    expect(labels({ kind: 'running-command', block: 0, run: 1, stopping: false }, context)).toEqual([
      'Ctrl-C stop the command',
      'q quit',
    ]);
  });
});

describe('rows', () => {
  it('keeps half the rows for the body and gives the panes the rest, checks first', () => {
    expect(planRows({ rows: 40, header: 4, footer: 2, dialog: 0, output: 13, checks: 5 })).toEqual({
      body: 17,
      output: 11,
      checks: 5,
    });
    expect(planRows({ rows: 40, header: 4, footer: 2, dialog: 0, output: 0, checks: 5 })).toEqual({
      body: 28,
      output: 0,
      checks: 5,
    });
    expect(planRows({ rows: 20, header: 4, footer: 2, dialog: 0, output: 13, checks: 5 })).toEqual({
      body: 7,
      output: 1,
      checks: 5,
    });
    // 60x20 with a seven-line checks pane: the body is not squeezed to its minimum.
    expect(planRows({ rows: 20, header: 4, footer: 3, dialog: 0, output: 0, checks: 7 })).toEqual({
      body: 6,
      output: 0,
      checks: 6,
    });
    expect(planRows({ rows: 10, header: 4, footer: 3, dialog: 6, output: 13, checks: 5 }).body).toBe(1);
  });
});
