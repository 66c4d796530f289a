// A fast path for string-width, the text measure under every frame of the guide (Ink, wrap-ansi,
// cli-truncate, widest-line). For any text that is not printable ASCII, string-width splits it
// into graphemes with Intl.Segmenter and tests each against an emoji regular expression; version 7
// (wrap-ansi's) does so even for ASCII. The guide's text is ASCII plus a few narrow symbols (box
// drawing, bullets, typographic quotes and dashes, arrows, check marks), whose width is one column
// each, so the whole string's width is its length. test/unit/build/stringWidth.test.ts checks, for
// every character of NARROW_CHARACTERS, that both versions of string-width say 1.
import { readFileSync } from 'node:fs';

/**
 * Characters one column wide in a terminal (East Asian Width narrow, neutral or ambiguous, counted
 * narrow as string-width does by default), none of them a combining mark, a format or control
 * character, or an emoji to either version of string-width (version 7 counts some symbols that have
 * an emoji form, such as ▶, as two columns even without the emoji selector: they keep the slow path,
 * so neither version's answers change).
 */
export const NARROW_CHARACTERS = [
  [0x20, 0x7e], // printable ASCII
  [0xa0, 0xa8], // Latin-1, without © and ® (emoji to wrap-ansi's string-width 7) and the soft hyphen (zero width)
  [0xaa, 0xac],
  [0xaf, 0x2ff], // Latin Extended-A and -B, IPA, spacing modifiers (not the combining marks from U+0300)
  [0x2010, 0x2027], // dashes, quotes, bullets, ellipsis
  [0x2030, 0x203b], // per mille, primes, guillemets..., without ‼ and ⁉
  [0x203d, 0x2048],
  [0x204a, 0x205e],
  [0x2190, 0x2193], // arrows, without ↔ ↕ ↖ ↗ ↘ ↙ ↩ ↪
  [0x219a, 0x21a8],
  [0x21ab, 0x21ff],
  [0x2500, 0x25a9], // box drawing, blocks, geometric shapes, without ▪ ▫ ▶ ◀ ◻ ◼ ◽ ◾
  [0x25ac, 0x25b5],
  [0x25b7, 0x25bf],
  [0x25c1, 0x25fa],
  [0x25ff, 0x25ff],
  [0x2713, 0x2713], // ✓
  [0x2717, 0x2717], // ✗
];

const hex = (code) => `\\u${code.toString(16).padStart(4, '0')}`;
const narrowOnly = `/^[${NARROW_CHARACTERS.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('')}]*$/`;

export const stringWidthFastPath = {
  name: 'string-width-fast-path',
  setup(build) {
    build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, ({ path: file }) => {
      const source = readFileSync(file, 'utf8');
      const head = 'export default function stringWidth(';
      if (source.split(head).length !== 2) {
        throw new Error(`${file}: expected one "${head}"; update scripts/build/stringWidth.mjs`);
      }
      const contents = `${source.replace(head, 'function stringWidthBySegments(')}
const NARROW_ONLY = ${narrowOnly};
export default function stringWidth(input, options) {
  if (
    typeof input === 'string' &&
    (options === undefined || ((options.ambiguousIsNarrow ?? true) && !options.countAnsiEscapeCodes)) &&
    NARROW_ONLY.test(input)
  ) {
    return input.length;
  }
  return stringWidthBySegments(input, options);
}
`;
      return { contents, loader: 'js' };
    });
  },
};
