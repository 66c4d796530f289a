/** The bottom rows: a notice, then the keys that apply right now. */
import { Box, Text } from 'ink';
import type { Notice } from '../core/stepState/types.js';
import type { KeyHelp } from './keymap.js';
import type { DocLine, Span } from './markdown/types.js';
import { spansWidth } from './markdown/wrap.js';
import { Lines } from './Lines.js';
import { useTheme } from './theme.js';

const TONES = { info: 'cyan', warn: 'yellow', error: 'red', success: 'green' } as const;

/** The key help wrapped to the width (never inside one key's label), at most three rows. */
export function footerLines(keys: readonly KeyHelp[], width: number): DocLine[] {
  const lines: DocLine[] = [];
  let spans: Span[] = [];
  let used = 0;
  for (const key of keys) {
    const item: Span[] = [
      { text: key.keys, bold: true },
      { text: ` ${key.label}`, dim: true },
    ];
    const itemWidth = spansWidth(item);
    const gap = used === 0 ? 0 : 3;
    if (used > 0 && used + gap + itemWidth > width) {
      lines.push({ spans });
      spans = [];
      used = 0;
    }
    if (used > 0) spans.push({ text: ' · ', dim: true });
    spans.push(...item);
    used += (used > 0 ? 3 : 0) + itemWidth;
  }
  if (spans.length > 0) lines.push({ spans });
  return lines.slice(0, 3);
}

export function Footer({ notice, keys, width }: { notice?: Notice; keys: readonly KeyHelp[]; width: number }) {
  const { color } = useTheme();
  return (
    <Box flexDirection="column">
      {notice && (
        <Text
          wrap="truncate-end"
          color={color ? TONES[notice.tone] : undefined}
          bold={notice.tone === 'error' || notice.tone === 'success'}
        >
          {notice.tone === 'error' ? `✗ ${notice.text}` : notice.tone === 'success' ? `✓ ${notice.text}` : notice.text}
        </Text>
      )}
      <Lines lines={footerLines(keys, width)} />
    </Box>
  );
}
