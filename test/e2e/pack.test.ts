/**
 * The published package: `npm pack` ships what a user needs and nothing of the tests, and the
 * tarball installed into an empty folder gives working `k8s-labs` and `labs` bins.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, nodePath, repoRoot, tempDir } from '../helpers/bin.js';

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

describe('npm pack', () => {
  let files: string[] = [];
  let tarball = '';
  const outDir = tempDir('k8s-labs-pack-');

  beforeAll(() => {
    if (!existsSync(cliPath)) throw new Error('run `npm run build` first');
    // The suite builds before testing; --ignore-scripts skips prepack's second build.
    const [report] = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], repoRoot),
    ) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    files = report!.files.map((file) => file.path);
    tarball = path.join(outDir, report!.filename);
  }, 120_000);

  it('ships the bins, the content and the docs, and nothing of the tests', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('README.md');
    expect(files).toContain('schemas/lab.schema.json');
    expect(files).toContain('.github/workflows/labs.yml');
    expect(files.some((file) => file.startsWith('labs/'))).toBe(true);
    expect(files.some((file) => file.startsWith('checkers/'))).toBe(true);
    expect(files.some((file) => file.startsWith('solutions/'))).toBe(true);
    expect(files.some((file) => file.startsWith('dist/checkers/'))).toBe(true);
    // The SDK's helpers, for authors' checkers (bundled in by `labs check`) and their tests.
    expect(files).toContain('dist/sdk/index.js');
    expect(files).toContain('dist/types/sdk/checks/endpoints.d.ts');
    expect(
      files.filter((file) => file.startsWith('test/') || file.startsWith('src/') || file.endsWith('.map')),
    ).toEqual([]);
  });

  it('installs into an empty folder with working k8s-labs and labs bins', () => {
    const project = tempDir('k8s-labs-install-');
    writeFileSync(path.join(project, 'package.json'), '{"name":"empty","version":"1.0.0","private":true}');
    npm(['install', '--no-audit', '--no-fund', '--omit=dev', tarball], project);
    // The bins start with `#!/usr/bin/env node`: the first node on PATH runs them, so put nodePath there.
    const env = {
      ...process.env,
      PATH: `${path.dirname(nodePath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
      NO_COLOR: '1',
      K8S_LABS_STATE_DIR: tempDir(),
    };
    const bin = (name: string, args: string[]) =>
      execFileSync(path.join(project, 'node_modules', '.bin', name), args, { cwd: project, encoding: 'utf8', env });
    expect(execFileSync('node', ['-p', 'process.execPath'], { encoding: 'utf8', env }).trim()).toBe(
      realpathSync(nodePath),
    );
    const version = (JSON.parse(npm(['pkg', 'get', 'version'], repoRoot)) as string).trim();
    expect(bin('k8s-labs', ['--version']).trim()).toBe(version);
    expect(bin('labs', ['list'])).toContain('clusterip');
    expect(bin('labs', ['validate'])).toMatch(/labs checked, 0 problems/);
  }, 240_000);
});
