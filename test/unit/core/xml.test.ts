import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../../src/core/xml.js';

describe('XML escaping', () => {
  it('escapes the five markup characters, the apostrophe included', () => {
    expect(escapeXml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('keeps emoji and other characters beyond the basic plane, and every plane-0 character XML allows', () => {
    expect(escapeXml('ready ✅ 🚀 𝄞 naïve 日本 \uD7FF\uE000\uFFFD')).toBe(
      'ready ✅ 🚀 𝄞 naïve 日本 \uD7FF\uE000\uFFFD',
    );
    expect(escapeXml('\u{10FFFF}')).toBe('\u{10FFFF}');
  });

  it('keeps tab, newline and carriage return', () => {
    expect(escapeXml('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
  });

  it('drops the characters XML 1.0 cannot hold: C0 controls, U+FFFE, U+FFFF, lone surrogates', () => {
    const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code))
      .filter((char) => !'\t\n\r'.includes(char))
      .join('');
    expect(controls).toHaveLength(29);
    expect(escapeXml(`a${controls}b`)).toBe('ab');
    expect(escapeXml('\u001b[31mred\u001b[39m')).toBe('[31mred[39m');
    expect(escapeXml('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(escapeXml('lone \uD83D and \uDE80 halves, whole \uD83D\uDE80')).toBe('lone  and  halves, whole 🚀');
  });

  it('keeps DEL and C1 controls, which XML 1.0 allows', () => {
    expect(escapeXml('\u007f\u0085\u009f')).toBe('\u007f\u0085\u009f');
  });
});
