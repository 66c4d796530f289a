import { describe, expect, it } from 'vitest';
import { createLineBuffer } from '../../../src/core/stepState/lineBuffer.js';

describe('output line buffer', () => {
  it('keeps the last lines in order and counts what it dropped', () => {
    const buffer = createLineBuffer(3);
    for (let index = 1; index <= 7; index++) buffer.push(`line ${index}`, index === 6 ? 'stderr' : 'stdout');
    expect(buffer.lines()).toEqual([
      { text: 'line 5', stream: 'stdout' },
      { text: 'line 6', stream: 'stderr' },
      { text: 'line 7', stream: 'stdout' },
    ]);
    expect(buffer.total).toBe(7);
    expect(buffer.dropped).toBe(4);
  });

  it('cuts very long lines and starts afresh on clear', () => {
    const buffer = createLineBuffer(10, 5);
    buffer.push('abcdefghij', 'stdout');
    expect(buffer.lines()[0]?.text).toBe('abcde…');
    buffer.clear();
    expect(buffer.lines()).toEqual([]);
    expect(buffer.dropped).toBe(0);
  });

  it('stays bounded under an endless stream', () => {
    const buffer = createLineBuffer(500);
    for (let index = 0; index < 100_000; index++) buffer.push(`tick ${index}`, 'stdout');
    expect(buffer.lines()).toHaveLength(500);
    expect(buffer.lines()[499]?.text).toBe('tick 99999');
  });
});
