// A lab opened from a path keeps its identity: its id, plain `labs hint` / `labs check`, and the
// printed next commands find it again, from its repository and from elsewhere (built bin, no cluster).
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { DEAD_CONTEXT, deadKubeconfig } from '../fixtures/labtest-support/deadCluster.js';

const source = path.join(repoRoot, 'test', 'fixtures', 'labtest-good');
let repo: string;
let elsewhere: string;
let state: string;

beforeAll(() => {
  repo = path.join(tempDir('k8s-labs-identity-'), 'my-labs');
  cpSync(source, repo, { recursive: true });
  elsewhere = tempDir('k8s-labs-elsewhere-');
  state = tempDir('k8s-labs-state-');
  mkdirSync(state, { recursive: true });
});

describe('a lab loaded from a path', () => {
  it('is found again by id and as the current lab, from anywhere', async () => {
    const env = { K8S_LABS_STATE_DIR: state };
    const first = await runBin(['hint', path.join(repo, 'labs', 'labtest-good')], { cwd: elsewhere, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Hint 1 of 1 for "Keep a setting":');

    for (const args of [['hint'], ['hint', 'labtest-good']]) {
      const again = await runBin(args, { cwd: elsewhere, env });
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('kubectl create configmap settings');
    }

    // Grading reaches the cluster step (unreachable here: exit 3), not "no lab named".
    const check = await runBin(['check', '--context', DEAD_CONTEXT], {
      cwd: elsewhere,
      env: { ...env, KUBECONFIG: deadKubeconfig() },
    });
    expect(check.stderr).not.toContain('no lab named');
    expect(check.code).toBe(3);
  });

  it('is found by id from the root of its repository, without a state', async () => {
    const result = await runBin(['hint', 'labtest-good'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('is still refused by id from elsewhere when it was never opened', async () => {
    const result = await runBin(['hint', 'labtest-good'], { cwd: elsewhere });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no lab named "labtest-good"');
  });
});

describe('labReference: how printed commands name a lab', () => {
  it('uses the id wherever the id finds the same lab, else the folder', async () => {
    const { labReference } = await import('../../src/adapters/fs/labRepository.js');
    const lab = { id: 'labtest-good', dir: path.join(repo, 'labs', 'labtest-good') };
    expect(labReference(lab, repo)).toBe('labtest-good');
    expect(labReference(lab, elsewhere, lab.dir)).toBe('labtest-good');
    expect(labReference(lab, elsewhere)).toBe(lab.dir);
    expect(labReference(lab, path.dirname(repo))).toBe('./my-labs/labs/labtest-good');
  });

  it('quotes a folder the shell would split, so the printed command runs as printed', async () => {
    const { labReference } = await import('../../src/adapters/fs/labRepository.js');
    const lab = { id: 'not-found-by-id', dir: "/tmp/course labs/it's/labs/x" };
    expect(labReference(lab, '/')).toBe(`'./tmp/course labs/it'\\''s/labs/x'`);
  });
});
