/** The catalog `labs list` and the guide's picker show, over lab folders in a temporary content root. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { labCatalog } from '../../../src/app/catalog.js';
import { repoRoot } from '../../helpers/bin.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'validate');
const work = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-catalog-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A content root holding the validate base lab with the named cases laid over it. */
function contentRoot(name: string, cases: string[]): string {
  const root = path.join(work, name);
  cpSync(path.join(fixtures, 'base'), root, { recursive: true });
  for (const scenario of cases) cpSync(path.join(fixtures, 'cases', scenario), root, { recursive: true });
  return root;
}
const store = createProgressStore({ dir: path.join(work, 'state'), warn: () => {} });

describe('labCatalog', () => {
  it('counts the problems of a lab it cannot read as opening it would, body problems included', () => {
    // Step two has no front matter (the lab cannot be read); step one's block is never closed.
    const root = contentRoot('broken', ['no-front-matter', 'unclosed-block']);
    const [run] = labCatalog([], root, store, 'run');
    const [frontMatter] = labCatalog([], root, store, 'frontMatter');
    expect(run).toMatchObject({ id: 'base-lab', lab: undefined, problems: 2 });
    expect(frontMatter).toMatchObject({ id: 'base-lab', lab: undefined, problems: 2 });
  });

  it('reads a readable lab without its step bodies for labs list, and whole for the picker', () => {
    const root = contentRoot('unclosed', ['unclosed-block']);
    const [run] = labCatalog([], root, store, 'run');
    const [frontMatter] = labCatalog([], root, store, 'frontMatter');
    expect(run).toMatchObject({ id: 'base-lab', problems: 1 });
    expect(frontMatter).toMatchObject({ id: 'base-lab', problems: 0 });
    expect(frontMatter!.lab!.steps.map((step) => step.id)).toEqual(['one', 'two']);
    expect(frontMatter!.progress).toEqual(run!.progress);
  });
});
