/**
 * The build's fast path for string-width (scripts/build/stringWidth.mjs) counts a string made only
 * of NARROW_CHARACTERS as one column per character. Both versions of string-width in the bundle must
 * agree on every one of those characters, alone and in a line, or the guide's layout would drift.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type StringWidth = (text: string, options?: { ambiguousIsNarrow?: boolean }) => number;
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const load = async (file: string): Promise<StringWidth> =>
  ((await import(pathToFileURL(file).href)) as { default: StringWidth }).default;
const fastPath = (await import(pathToFileURL(path.join(root, 'scripts/build/stringWidth.mjs')).href)) as {
  NARROW_CHARACTERS: [number, number][];
};

const versions: Record<string, string> = {
  "string-width (Ink's, cli-truncate's, widest-line's)": require.resolve('string-width'),
  "string-width 7 (wrap-ansi's)": path.join(root, 'node_modules/wrap-ansi/node_modules/string-width/index.js'),
};

const narrow = fastPath.NARROW_CHARACTERS.flatMap(([from, to]) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)),
);

describe('the string-width fast path', () => {
  it('covers the symbols the guide draws with', () => {
    for (const symbol of ['─', '│', '┃', '●', '▷', '✓', '✗', '█', '░', '•', '’', '—', '…', '↑', '↓', '·']) {
      expect(narrow, symbol).toContain(symbol);
    }
  });

  for (const [name, file] of Object.entries(versions)) {
    it(`agrees with ${name} on each of its ${narrow.length} characters`, async () => {
      const stringWidth = await load(file);
      const wrong = narrow.filter((character) => stringWidth(character) !== 1);
      expect(wrong.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`)).toEqual([]);
      expect(stringWidth(narrow.join(''))).toBe(narrow.length);
    });
  }
});
