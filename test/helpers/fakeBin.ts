/** The calls the stand-in docker and kind (test/fixtures/fake-bin) logged to $FAKE_BIN_LOG, one "tool arg..." each. */
import { readFileSync } from 'node:fs';

export const fakeBinCalls = (logFile: string): string[] =>
  readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as string[]).join(' '));
