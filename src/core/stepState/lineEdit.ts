/**
 * The answer field's editing, as a pure function over the text and the cursor: the reducer
 * applies each key to the state it is in, so keys typed faster than a frame are never lost.
 */

export type LineEdit =
  | { kind: 'insert'; text: string }
  | { kind: 'backspace' }
  | { kind: 'delete' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'home' }
  | { kind: 'end' }
  /** Ctrl-U: delete from the start of the line to the cursor. */
  | { kind: 'kill-before' }
  /** Ctrl-K: delete from the cursor to the end. */
  | { kind: 'kill-after' }
  /** Ctrl-W: delete the word before the cursor. */
  | { kind: 'kill-word' }
  /** Enter: submit what is typed. */
  | { kind: 'submit' };

export interface LineField {
  text: string;
  /** Index in `text` (UTF-16 units, always on a code point boundary). */
  cursor: number;
}

export const emptyField: LineField = { text: '', cursor: 0 };

/** Length of the code point that ends at `index` (1 or 2 UTF-16 units). */
const before = (text: string, index: number): number =>
  index >= 2 && /[\uDC00-\uDFFF]/.test(text[index - 1]!) && /[\uD800-\uDBFF]/.test(text[index - 2]!) ? 2 : 1;
const after = (text: string, index: number): number => (text.codePointAt(index)! > 0xffff ? 2 : 1);

export function applyEdit(field: LineField, edit: LineEdit): LineField {
  const { text, cursor } = field;
  switch (edit.kind) {
    case 'insert':
      return { text: text.slice(0, cursor) + edit.text + text.slice(cursor), cursor: cursor + edit.text.length };
    case 'backspace': {
      if (cursor === 0) return field;
      const size = before(text, cursor);
      return { text: text.slice(0, cursor - size) + text.slice(cursor), cursor: cursor - size };
    }
    case 'delete':
      return cursor >= text.length
        ? field
        : { text: text.slice(0, cursor) + text.slice(cursor + after(text, cursor)), cursor };
    case 'left':
      return cursor === 0 ? field : { text, cursor: cursor - before(text, cursor) };
    case 'right':
      return cursor >= text.length ? field : { text, cursor: cursor + after(text, cursor) };
    case 'home':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'kill-before':
      return { text: text.slice(cursor), cursor: 0 };
    case 'kill-after':
      return { text: text.slice(0, cursor), cursor };
    case 'kill-word': {
      const start = text.slice(0, cursor).replace(/\S+\s*$|\s+$/, '').length;
      return { text: text.slice(0, start) + text.slice(cursor), cursor: start };
    }
    case 'submit':
      return field;
  }
}

const CONTROL: Readonly<Record<string, LineEdit>> = {
  '\x7f': { kind: 'backspace' },
  '\b': { kind: 'backspace' },
  '\x15': { kind: 'kill-before' },
  '\x0b': { kind: 'kill-after' },
  '\x17': { kind: 'kill-word' },
  '\x01': { kind: 'home' },
  '\x05': { kind: 'end' },
  '\r': { kind: 'submit' },
  '\n': { kind: 'submit' },
};

/**
 * The edits in raw terminal input: a chunk can hold several keys typed faster than they were
 * read ("ab\x7f\x7f", "42\r"). Printable runs become one insert; other control bytes are dropped.
 */
export function editsOfRaw(raw: string): LineEdit[] {
  const edits: LineEdit[] = [];
  for (const char of raw) {
    const control = CONTROL[char];
    if (control) edits.push(control);
    else if (/^[\p{Cc}]$/u.test(char)) continue;
    else {
      const last = edits.at(-1);
      if (last?.kind === 'insert') edits[edits.length - 1] = { kind: 'insert', text: last.text + char };
      else edits.push({ kind: 'insert', text: char });
    }
  }
  return edits;
}
