import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCheckerLoader } from '../../../src/adapters/checkers/loadChecker.js';
import type { Check, Question } from '../../../src/sdk/index.js';
import { makeLab } from './fakes.js';

/** A content root with checkers/demo/<files>, and a cache dir. */
function contentRoot(files: Record<string, string>): { root: string; cacheDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'checkers-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, 'checkers', 'demo', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, cacheDir: path.join(root, '.cache') };
}

const labAt = (root: string) => ({ ...makeLab([{ id: 's' }]), root });

const helper = `export const expectedPort = (): number => 80;\n`;
const check = `
import type { Check } from 'k8s-labs/sdk';
import { CheckContext } from 'k8s-labs/sdk';
import { expectedPort } from './_helpers.ts';

const port: number = expectedPort();
export default {
  title: 'port is ' + port,
  async run(ctx: CheckContext) {
    return ctx.pass(String(port));
  },
} satisfies Check;
`;

describe('createCheckerLoader', () => {
  it("bundles the SDK's helpers into an author's checker that imports them from k8s-labs/sdk", async () => {
    const usesHelpers = `
import { type Check, labelsText, plural } from 'k8s-labs/sdk';

export default {
  title: labelsText({ app: 'web', tier: 'front' }) + ' on ' + plural(3, 'pod'),
  async run(ctx) {
    return ctx.pass('ok');
  },
} satisfies Check;
`;
    const { root, cacheDir } = contentRoot({ 'helpers.ts': usesHelpers });
    const checker = (await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(labAt(root), 'helpers')) as Check;
    expect(checker.title).toBe('app=web,tier=front on 3 pods');
  });

  it('bundles a TypeScript checker with its helpers, and reuses the cache until a file changes', async () => {
    const { root, cacheDir } = contentRoot({ 'port.ts': check, '_helpers.ts': helper });
    const lab = labAt(root);
    const first = (await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(lab, 'port')) as Check;
    expect(first.title).toBe('port is 80');

    const [entry] = bundledOutputs(cacheDir);
    const builtAt = statSync(path.join(cacheDir, entry!)).mtimeMs;
    const again = (await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(lab, 'port')) as Check;
    expect(again.title).toBe('port is 80');
    expect(statSync(path.join(cacheDir, entry!)).mtimeMs).toBe(builtAt);

    writeFileSync(path.join(root, 'checkers', 'demo', '_helpers.ts'), helper.replace('80', '8080'));
    const edited = (await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(lab, 'port')) as Check;
    expect(edited.title).toBe('port is 8080');
  });

  it('loads a question', async () => {
    const { root, cacheDir } = contentRoot({ 'count.ts': `export default { async expected() { return 3; } };` });
    const question = (await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(
      labAt(root),
      'count',
    )) as Question;
    await expect(question.expected({} as never)).resolves.toBe(3);
  });

  it('names the file and line of a compile error (an input error)', async () => {
    const { root, cacheDir } = contentRoot({
      'broken.ts': `export default {\n  title: 'x',\n  run(ctx) { return ctx.pass( }\n};\n`,
    });
    const error = await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(labAt(root), 'broken').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'input' });
    expect((error as Error).message).toMatch(/checker .*broken\.ts does not compile:\n {2}.*broken\.ts:3:\d+: /);
  });

  it.each([
    ['export const x = 1;', 'has no default export'],
    ['export default 42;', 'its default export is a number'],
    ["export default { title: 'no run' };", 'neither run(ctx)'],
    ['export default { run: async () => ({}) };', 'the Check has no title'],
    [
      "export default { title: 't', needs: ['gpu'], run: async () => ({}) };",
      "needs must be a list of 'api' and 'data-plane'",
    ],
  ])('rejects a default export that is not a Check or Question: %s', async (source, problem) => {
    const { root, cacheDir } = contentRoot({ 'bad.ts': source });
    const error = await createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(labAt(root), 'bad').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'input' });
    expect((error as Error).message).toContain(problem);
  });

  it('reports a missing checker file as an input error', async () => {
    const { root, cacheDir } = contentRoot({});
    await expect(
      createCheckerLoader({ cacheDir, packageRoot: '/nowhere' })(labAt(root), 'ghost'),
    ).rejects.toMatchObject({ kind: 'input', message: expect.stringContaining('no checker for "ghost"') });
  });

  it('uses the compiled JavaScript for labs inside the package, without bundling', async () => {
    const { root, cacheDir } = contentRoot({ 'port.ts': check, '_helpers.ts': helper });
    const compiled = path.join(root, 'dist', 'checkers', 'demo', 'port.js');
    mkdirSync(path.dirname(compiled), { recursive: true });
    writeFileSync(compiled, `export default { title: 'compiled', run: async (ctx) => ctx.pass('ok') };\n`);
    const loaded = (await createCheckerLoader({ cacheDir, packageRoot: root })(labAt(root), 'port')) as Check;
    expect(loaded.title).toBe('compiled');
    expect(() => statSync(cacheDir)).toThrow();
  });
});

/** The bundled module names in the cache, from its entries. */
function bundledOutputs(cacheDir: string): string[] {
  return readdirSync(cacheDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => (JSON.parse(readFileSync(path.join(cacheDir, name), 'utf8')) as { output: string }).output);
}
