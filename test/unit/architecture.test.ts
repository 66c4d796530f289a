/** docs/architecture.md stays true to the tree: every folder and file it names exists. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');

/** Every `code span` that looks like a repository path: src/..., test/..., labs/, checkers/... */
const named = [...doc.matchAll(/`([^`\s]+)`/g)]
  .map((match) => match[1]!)
  .filter((text) => /^(src|test|labs|checkers|solutions|schemas|docs)(\/|$)/.test(text) || text === 'eslint.config.js');

describe('docs/architecture.md', () => {
  it('names the layers', () => {
    for (const folder of ['src/cli/', 'src/app/', 'src/core/', 'src/adapters/', 'src/ui/', 'src/hooks/'])
      expect(named).toContain(folder);
  });

  it.each([...new Set(named)])('names %s, which exists', (name) => {
    expect(existsSync(path.join(root, name))).toBe(true);
  });

  it('names short folders (`fs/`, `stepState/`) that exist in one of the layers', () => {
    const short = [...doc.matchAll(/`([A-Za-z_]+\/)`/g)].map((match) => match[1]!);
    expect(short.length).toBeGreaterThan(0);
    const layers = ['', 'src/adapters', 'src/core', 'src/cli'];
    for (const folder of short)
      expect(
        layers.some((layer) => existsSync(path.join(root, layer, folder))),
        folder,
      ).toBe(true);
  });
});
