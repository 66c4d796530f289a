/** The ustar writer and reader against the system's own `tar`, in both directions. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { hashEntry, readTarIndex, writeTar } from '../../../src/adapters/fs/tarFile.js';

const hasTar = ((): boolean => {
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
beforeEach(() => {
  dir = path.join(os.tmpdir(), `tar-test-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Sizes around the 512-byte block: padding and an exact multiple.
const contents = {
  'manifest.json': '{"a":1}\n',
  'images/01-x.tar': 'x'.repeat(512),
  'images/02-y.tar': 'y'.repeat(1500),
};

describe.skipIf(!hasTar)('tarFile (skipped when there is no `tar` on PATH)', () => {
  test('what writeTar writes, the system tar lists and extracts byte for byte', async () => {
    const sources = Object.entries(contents).map(([name, text], index) => {
      const file = path.join(dir, `src-${index}`);
      writeFileSync(file, text);
      return { name, file, size: text.length };
    });
    const seen: number[] = [];
    await writeTar(path.join(dir, 'out.tar'), sources, (done) => seen.push(done));
    expect(seen.at(-1)).toBe(8 + 512 + 1500);
    expect(execFileSync('tar', ['tf', 'out.tar'], { cwd: dir, encoding: 'utf8' }).trim().split('\n')).toEqual(
      Object.keys(contents),
    );
    mkdirSync(path.join(dir, 'x'));
    execFileSync('tar', ['xf', '../out.tar'], { cwd: path.join(dir, 'x') });
    for (const [name, text] of Object.entries(contents))
      expect(readFileSync(path.join(dir, 'x', name), 'utf8')).toBe(text);
  });

  test('readTarIndex and hashEntry read what the system tar writes', async () => {
    for (const [name, text] of Object.entries(contents)) {
      mkdirSync(path.dirname(path.join(dir, 'in', name)), { recursive: true });
      writeFileSync(path.join(dir, 'in', name), text);
    }
    execFileSync('tar', ['--format=ustar', '-cf', '../in.tar', ...Object.keys(contents)], {
      cwd: path.join(dir, 'in'),
    });
    const index = await readTarIndex(path.join(dir, 'in.tar'));
    expect(index.map((entry) => [entry.name, entry.size])).toEqual(
      Object.entries(contents).map(([name, text]) => [name, text.length]),
    );
    for (const entry of index) {
      const sha = await hashEntry(path.join(dir, 'in.tar'), entry, { to: path.join(dir, 'copy') });
      const text = contents[entry.name as keyof typeof contents];
      expect(sha).toBe(createHash('sha256').update(text).digest('hex'));
      expect(readFileSync(path.join(dir, 'copy'), 'utf8')).toBe(text);
    }
  });

  test('a truncated archive and a file that is no tar are errors, not short lists', async () => {
    const file = path.join(dir, 'src');
    writeFileSync(file, 'z'.repeat(2000));
    await writeTar(path.join(dir, 'full.tar'), [{ name: 'big', file, size: 2000 }]);
    writeFileSync(path.join(dir, 'cut.tar'), readFileSync(path.join(dir, 'full.tar')).subarray(0, 1024));
    await expect(readTarIndex(path.join(dir, 'cut.tar'))).rejects.toThrow(
      'the archive ends inside entry big: it is truncated',
    );
    writeFileSync(path.join(dir, 'no.tar'), 'n'.repeat(1024));
    await expect(readTarIndex(path.join(dir, 'no.tar'))).rejects.toThrow('not a tar archive (bad header at byte 0)');
  });
});
