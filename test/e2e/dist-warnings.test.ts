/**
 * Every chunk of the built CLI loads without a deprecation warning on the Node that runs it
 * (nodePath: Node 22 and 24 under `npm run test:node`). Node stays quiet about deprecated APIs
 * used inside node_modules, but dist/ in a checkout or through `npm link` is not inside one, and
 * a warning on stderr breaks the TUI's frame.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { nodePath, repoRoot } from '../helpers/bin.js';

const chunksDir = path.join(repoRoot, 'dist', 'chunks');
// Ink loads react-devtools-core (not installed) only with DEV=true.
const chunks = readdirSync(chunksDir).filter((name) => name.endsWith('.js') && !name.startsWith('devtools-'));

const loadAll = `
const { pathToFileURL } = await import('node:url');
for (const file of JSON.parse(process.env.CHUNKS)) await import(pathToFileURL(file).href);
console.log('loaded');
`;

test('every chunk of dist/ loads with --throw-deprecation', async () => {
  expect(chunks.length).toBeGreaterThan(10);
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      nodePath,
      ['--throw-deprecation', '--input-type=module', '-e', loadAll],
      {
        env: { ...process.env, CHUNKS: JSON.stringify(chunks.map((name) => path.join(chunksDir, name))) },
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
  expect(result.stderr).toBe('');
  expect(result.stdout.trim()).toBe('loaded');
  expect(result.code).toBe(0);
});
