/**
 * `labs validate` loads every checker the steps name: each case under
 * test/fixtures/validate/checker-cases/<case>/ is laid over the valid base lab.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateLabAt } from '../../../src/app/validateLab.js';
import { repoRoot } from '../../helpers/bin.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'validate');
const work = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-validate-checkers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function problemsOf(scenario: string) {
  const root = path.join(work, scenario);
  cpSync(path.join(fixtures, 'base'), root, { recursive: true });
  if (scenario !== 'base') cpSync(path.join(fixtures, 'checker-cases', scenario), root, { recursive: true });
  const { problems } = await validateLabAt({ folderName: 'base-lab', dir: path.join(root, 'labs', 'base-lab'), root });
  return problems.map((p) => ({ file: path.relative(root, p.file), line: p.line, message: p.message, fix: p.fix }));
}

const checker = 'checkers/base-lab/svc-exists.ts';

describe('labs validate loads the checkers', () => {
  it('finds nothing wrong with the base lab', async () => {
    expect(await problemsOf('base')).toEqual([]);
  });

  it.each([
    ['syntax', checker, 6, /^the checker does not compile: .*Expected "\)" but found ";"/],
    ['runn', checker, 8, /^unknown field "timeoutMS" in the Check$/],
    ['question-as-check', checker, 3, /^"svc-exists" is listed under checks, but its file exports a Question/],
    ['no-default', checker, 1, /^the checker: it has no default export/],
    [
      'fixture-image',
      'checkers/base-lab/fixtures/svc-exists/wrong-ns.yaml',
      22,
      /^image "busybox:1.37" is not listed in lab.yaml$/,
    ],
  ])('%s: %s:%i', async (scenario, file, line, message) => {
    const problems = await problemsOf(scenario);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, line });
    expect(problems[0]!.message).toMatch(message);
  });

  it('checks the arguments a step gives a check with params, at their line', async () => {
    const step = 'labs/base-lab/steps/02-two.md';
    expect(await problemsOf('params')).toEqual([
      {
        file: step,
        line: 8,
        message: 'check "web-exists": the check has no param "nam"',
        fix: 'did you mean "name"? its params: name, port',
      },
      {
        file: step,
        line: 9,
        message: 'check "web-exists": param "port" must be a port, not "{{namespace}}"',
        fix: 'give a port number from 1 to 65535',
      },
      {
        file: step,
        line: 5,
        message: 'check "web-exists": param "name" is missing',
        fix: 'add it under with: (a string)',
      },
    ]);
  });

  it('names the closest known field', async () => {
    expect((await problemsOf('runn'))[0]!.fix).toBe(
      'did you mean "timeoutMs"? a Check has: title, needs, timeoutMs, precondition, params, run',
    );
  });
});
