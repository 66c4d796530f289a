/** Text inside XML 1.0 (JUnit reports): one escaping for element content and attribute values. */

// Everything XML 1.0 allows: tab, newline, carriage return, and the ranges below, astral ones included.
// With the `u` flag a lone surrogate is one code point outside them, so it goes too.
const NOT_XML_1_0 = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes the five markup characters and drops the characters XML 1.0 cannot hold at all, not even
 * as references (control characters such as the ANSI escapes kubectl prints, U+FFFE, U+FFFF, lone
 * surrogates). Safe in content and in attribute values quoted with either quote.
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_1_0, '').replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
