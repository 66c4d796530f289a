// `labs new` through the built bin: a scaffold that `labs validate` accepts at once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

describe('labs new (built bin)', () => {
  it('scaffolds a lab that passes labs validate at once', async () => {
    const root = tempDir();
    const created = await runBin(['new', 'demo-lab'], { cwd: root });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.split('\n').slice(0, 6)).toEqual([
      'Created lab demo-lab:',
      '  checkers/demo-lab/fixtures/greeting-configmap/wrong-message.yaml',
      '  checkers/demo-lab/greeting-configmap.ts',
      '  labs/demo-lab/lab.yaml',
      '  labs/demo-lab/steps/01-first-step.md',
      '  solutions/demo-lab/first-step/greeting.yaml',
    ]);
    expect(created.stdout).toContain('  .github/workflows/labs.yml');
    expect(readFileSync(path.join(root, '.github', 'workflows', 'labs.yml'), 'utf8')).toContain(
      'labs test --all --junit labs-report.xml',
    );
    // Pinned to the version that made it: the schema comment, the sdk types and CI resolve.
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))).toMatchObject({
      private: true,
      devDependencies: { 'k8s-labs': version },
    });
    expect(readFileSync(path.join(root, '.github', 'workflows', 'labs.yml'), 'utf8')).toContain(
      `K8S_LABS_VERSION: "${version}"`,
    );
    expect(created.stdout).toContain('  package.json');
    expect(created.stdout).toContain('labs validate labs/demo-lab');
    expect(created.stdout).toContain('labs test labs/demo-lab');

    const validated = await runBin(['validate'], { cwd: root });
    expect(validated.stdout).toContain('ok   demo-lab (1 steps)');
    expect(validated.code).toBe(0);

    const manifest = readFileSync(path.join(root, 'labs', 'demo-lab', 'lab.yaml'), 'utf8');
    expect(manifest).toMatch(/^# yaml-language-server: \$schema=/);
    expect(manifest).toContain('id: demo-lab');
    expect(manifest).toContain('title: Demo lab');
    expect(manifest).toContain('TODO');
    expect(manifest).not.toContain('__LAB_');
  });

  it('creates it under --dir, and --json lists the files', async () => {
    const root = tempDir();
    const result = await runBin(['new', 'other-lab', '--dir', 'content', '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const { files } = JSON.parse(result.stdout) as { files: string[] };
    expect(files).toContain(path.join('content', 'labs', 'other-lab', 'lab.yaml'));
    expect(existsSync(path.join(root, 'content', 'solutions', 'other-lab', 'first-step', 'greeting.yaml'))).toBe(true);
    expect((await runBin(['validate', 'content'], { cwd: root })).code).toBe(0);
  });

  it('refuses to overwrite a lab that exists', async () => {
    const root = tempDir();
    expect((await runBin(['new', 'demo-lab'], { cwd: root })).code).toBe(0);
    const before = readFileSync(path.join(root, 'labs', 'demo-lab', 'lab.yaml'), 'utf8');
    const again = await runBin(['new', 'demo-lab'], { cwd: root });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error: not overwriting: labs/demo-lab');
    expect(readFileSync(path.join(root, 'labs', 'demo-lab', 'lab.yaml'), 'utf8')).toBe(before);
  });

  it('refuses an id learners could not type', async () => {
    const result = await runBin(['new', 'My_Lab'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: "My_Lab" is not a valid lab id');
  });
});
