import { describe, expect, it } from 'vitest';
import {
  applyEdit,
  editsOfRaw,
  emptyField,
  type LineEdit,
  type LineField,
} from '../../../src/core/stepState/lineEdit.js';

const typed = (edits: LineEdit[], from: LineField = emptyField): LineField => edits.reduce(applyEdit, from);

describe('the answer field', () => {
  it('inserts at the cursor, moves and deletes around it', () => {
    const field = typed([
      { kind: 'insert', text: '10.96.1' },
      { kind: 'left' },
      { kind: 'insert', text: '0.' },
      { kind: 'end' },
      { kind: 'backspace' },
      { kind: 'insert', text: '1' },
    ]);
    expect(field).toEqual({ text: '10.96.0.1', cursor: 9 });
    expect(typed([{ kind: 'home' }, { kind: 'delete' }], field)).toEqual({ text: '0.96.0.1', cursor: 0 });
    expect(typed([{ kind: 'home' }, { kind: 'backspace' }], field)).toEqual({ text: '10.96.0.1', cursor: 0 });
  });

  it('Ctrl-U, Ctrl-K and Ctrl-W delete before the cursor, after it and the word before it', () => {
    const field = { text: '10.96.0.1 None', cursor: 9 };
    expect(applyEdit(field, { kind: 'kill-before' })).toEqual({ text: ' None', cursor: 0 });
    expect(applyEdit(field, { kind: 'kill-after' })).toEqual({ text: '10.96.0.1', cursor: 9 });
    expect(applyEdit({ text: 'one two  ', cursor: 9 }, { kind: 'kill-word' })).toEqual({ text: 'one ', cursor: 4 });
  });

  it('never splits a character outside the basic plane', () => {
    expect(typed([{ kind: 'insert', text: 'a😀' }, { kind: 'backspace' }])).toEqual({ text: 'a', cursor: 1 });
    expect(typed([{ kind: 'insert', text: '😀b' }, { kind: 'home' }, { kind: 'right' }])).toEqual({
      text: '😀b',
      cursor: 2,
    });
  });

  it('reads every key in a chunk of fast typing and drops other control bytes', () => {
    expect(editsOfRaw('ab\x7f\x08\x15x\x07y\r')).toEqual([
      { kind: 'insert', text: 'ab' },
      { kind: 'backspace' },
      { kind: 'backspace' },
      { kind: 'kill-before' },
      { kind: 'insert', text: 'xy' },
      { kind: 'submit' },
    ]);
    // The value shown is the value submitted: nothing invisible is kept.
    expect(typed(editsOfRaw('10.96.0.1 None None ' + '\x7f'.repeat(11)))).toEqual({
      text: '10.96.0.1',
      cursor: 9,
    });
  });
});
