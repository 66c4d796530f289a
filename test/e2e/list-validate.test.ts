import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

const base = path.join(repoRoot, 'test', 'fixtures', 'validate', 'base');

describe('labs validate (built bin)', () => {
  it('passes every lab shipped in the package', async () => {
    const result = await runBin(['validate']);
    expect(result.stderr).toBe('');
    for (const id of ['backend-service', 'clusterip', 'clusterip-microservices', 'services-replicaset']) {
      expect(result.stdout).toMatch(new RegExp(`^ok   ${id} \\(\\d+ steps\\)$`, 'm'));
    }
    expect(result.stdout).toMatch(/^4 labs checked, 0 problems$/m);
    expect(result.code).toBe(0);
  });

  it('loads neither js-yaml nor marked for `labs list` once the YAML cache holds the labs', async () => {
    const env = { K8S_LABS_CACHE_DIR: tempDir('k8s-labs-cache-'), NODE_DEBUG: 'module' };
    const first = await runBin(['list'], { env });
    expect(first.code).toBe(0);
    // The first run parses the labs' YAML (and fills the cache); the second reads it all from the cache.
    expect(first.stderr).toMatch(/REQUEST js-yaml/);
    const second = await runBin(['list'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toMatch(/REQUEST (js-yaml|marked)\b/);
  });

  it('names file, line and fix for each problem, exits 2 and prints no stack trace', async () => {
    const root = tempDir();
    cpSync(base, root, { recursive: true });
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'validate', 'cases', 'unpinned-image'), root, { recursive: true });
    const result = await runBin(['validate', 'labs/base-lab'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('labs/base-lab/lab.yaml:8: image "nginx" is not pinned by tag');
    expect(result.stdout).toContain('    fix: use a fixed version tag, e.g. "nginx:<version>"');
    expect(result.stdout).toContain('1 lab checked, 4 problems');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('validates ./labs when run inside a lab repository, with --json', async () => {
    const root = tempDir();
    cpSync(base, root, { recursive: true });
    const result = await runBin(['validate', '--json'], { cwd: root });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      labs: [{ id: 'base-lab', dir: path.join(root, 'labs', 'base-lab'), steps: 2, problems: [] }],
    });
  });

  it('explains an unknown lab id with exit 2', async () => {
    const result = await runBin(['validate', 'no-such-lab']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no lab named "no-such-lab"');
    expect(result.stderr).toMatch(/next: choose one of: /);
  });
});

describe('labs list (built bin)', () => {
  it('shows a lab from a path with steps, time and progress as JSON', async () => {
    const result = await runBin(['list', base, '--json']);
    expect(result.code).toBe(0);
    const { labs } = JSON.parse(result.stdout) as { labs: Array<Record<string, unknown>> };
    expect(labs).toEqual([
      expect.objectContaining({
        id: 'base-lab',
        title: 'A valid lab for validator tests',
        steps: 2,
        estimatedMinutes: 5,
        progress: {
          done: 0,
          passed: 0,
          skipped: 0,
          needsDataPlane: 0,
          open: 2,
          currentStep: undefined,
          hintsSeen: 0,
          solutionsUsed: 0,
        },
        current: false,
      }),
    ]);
  });

  it('prints plain text when piped', async () => {
    const result = await runBin(['list', base]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('base-lab');
    expect(result.stdout).toContain('2 steps, ~5 min, not started');
    expect(result.stdout).not.toContain('\u001B[');
  });

  it('rejects an unknown option as bad input', async () => {
    const result = await runBin(['list', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: Unknown option '--bogus'");
  });
});
