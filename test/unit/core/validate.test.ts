/**
 * Every content problem `labs validate` reports, each from a fixture under
 * test/fixtures/validate/cases/<case>/ laid over the valid base lab, with its exact message and line.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Marked from 'marked';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadLabAt } from '../../../src/adapters/fs/labRepository.js';
import type { LabScope } from '../../../src/core/labFiles.js';
import { repoRoot } from '../../helpers/bin.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'validate');
const work = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-validate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function loadScenario(scenario: string, scope: LabScope) {
  const root = path.join(work, `${scenario}-${scope}`);
  cpSync(path.join(fixtures, 'base'), root, { recursive: true });
  if (scenario !== 'base') cpSync(path.join(fixtures, 'cases', scenario), root, { recursive: true });
  return { root, ...loadLabAt({ folderName: 'base-lab', dir: path.join(root, 'labs', 'base-lab'), root }, scope) };
}

function problemsOf(scenario: string, scope: LabScope = 'all') {
  const { root, problems } = loadScenario(scenario, scope);
  return problems.map((p) => ({ file: path.relative(root, p.file), line: p.line, message: p.message, fix: p.fix }));
}

const lab = 'labs/base-lab';

describe('labs validate problems', () => {
  it('finds nothing wrong with the base lab', () => {
    expect(problemsOf('base')).toEqual([]);
  });

  it.each([
    [
      'yaml-syntax',
      `${lab}/lab.yaml`,
      6,
      'YAML syntax error: unexpected end of the stream within a double quoted scalar',
    ],
    ['unknown-field', `${lab}/lab.yaml`, 6, 'unknown field "author"'],
    ['missing-field', `${lab}/lab.yaml`, 1, 'missing field "title"'],
    ['id-mismatch', `${lab}/lab.yaml`, 2, 'lab id "other-lab" does not match its folder "base-lab"'],
    ['missing-step-file', `${lab}/lab.yaml`, 19, 'step file "steps/02-too.md" does not exist'],
    ['no-front-matter', `${lab}/steps/02-two.md`, 1, 'the step has no front matter'],
    ['unknown-front-field', `${lab}/steps/01-one.md`, 4, 'unknown field "hint"'],
    ['missing-checker', `${lab}/steps/01-one.md`, 5, '"pods-redy" has no checker'],
    ['missing-check-use', `${lab}/steps/02-two.md`, 7, '"svc-exist" has no checker'],
    ['duplicate-check-id', `${lab}/steps/02-two.md`, 5, 'check "svc-exists" is listed twice'],
    ['missing-solution', 'solutions/base-lab/three', 0, 'step "three" has no reference solution'],
    ['empty-command', `${lab}/steps/01-one.md`, 6, 'runnable command block is empty'],
    ['unclosed-block', `${lab}/steps/01-one.md`, 6, 'code block is never closed'],
    ['bad-workshop-word', `${lab}/steps/01-one.md`, 6, 'unknown fence word "workshop=sometimes"'],
    // Blocks in list items and quotes are found where marked finds them, at their own lines.
    ['nested-empty-command', `${lab}/steps/01-one.md`, 14, 'runnable command block is empty'],
    ['quoted-unclosed-block', `${lab}/steps/01-one.md`, 8, 'code block is never closed'],
    ['undeclared-variable', `${lab}/steps/01-one.md`, 7, 'variable "{{replicas}}" is not declared'],
    [
      'bad-fixture',
      'checkers/base-lab/fixtures/svc-exists/wrong-ns.yaml',
      3,
      '"svc-exist" is not a check or question of step "two"',
    ],
    ['missing-answer', 'solutions/base-lab/two/answers.yaml', 1, 'no reference answer for question "q-port"'],
    [
      'fixture-outside-lab',
      'checkers/base-lab/fixtures/svc-exists/wrong-ns.yaml',
      9,
      'fixture applies Service "web" in namespace "default", which the lab does not own',
    ],
    ['variable-bad-default', `${lab}/lab.yaml`, 15, 'default of variable "nodePort": "30o80" is not a port (1-65535)'],
    [
      'variable-breaks-yaml',
      'checkers/base-lab/fixtures/svc-exists/wrong-ns.yaml',
      9,
      'YAML syntax error: bad indentation of a mapping entry (after rendering {{greeting}} with the default value)',
    ],
    [
      'owns-shared-object',
      `${lab}/lab.yaml`,
      17,
      'lab owns Pod "jumpbox" in namespace "default", which belongs to the whole cluster',
    ],
    ['reads-own-namespace', `${lab}/lab.yaml`, 17, 'reads services in namespace "base-elsewhere", which the lab owns'],
    ['reads-every-secret', `${lab}/lab.yaml`, 16, 'reads every secret in namespace "kube-system"'],
  ])('%s: %s:%i %s', (scenario, file, line, message) => {
    const problems = problemsOf(scenario);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, line, message });
    expect(problems[0]!.fix.length).toBeGreaterThan(10);
  });

  it('checks failsWith: it names rejected checks, with valid patterns', () => {
    expect(problemsOf('fails-with-unrejected').map((p) => `${p.line} ${p.message}`)).toEqual([
      '6 failsWith names "q-port", which the fixture does not reject',
      expect.stringMatching(/^6 "\/\[\/" is not a valid regular expression: /),
    ]);
  });

  it('asks for a closing fence like the opening one', () => {
    expect(problemsOf('quoted-unclosed-block')[0]?.fix).toBe('add a closing ~~~~ line');
  });

  it('reports both ids when a step id is duplicated', () => {
    expect(problemsOf('duplicate-step').map(({ file, line, message }) => ({ file, line, message }))).toEqual([
      { file: `${lab}/lab.yaml`, line: 18, message: 'duplicate step id "one"' },
      { file: `${lab}/steps/02-two.md`, line: 2, message: 'step id "two" does not match "one" in lab.yaml' },
    ]);
  });

  it('loads a lab for running without reading its solutions and fixtures, which only validate checks', () => {
    for (const scenario of ['missing-solution', 'missing-answer', 'bad-fixture']) {
      expect(problemsOf(scenario, 'run'), scenario).toEqual([]);
      expect(problemsOf(scenario, 'all'), scenario).toHaveLength(1);
    }
    expect(problemsOf('missing-checker', 'run').map((p) => p.message)).toEqual(['"pods-redy" has no checker']);
  });

  it('loads a lab with its front matter only for the verbs that show no step body', () => {
    const bodyProblems = ['empty-command', 'unclosed-block', 'nested-empty-command', 'quoted-unclosed-block'];
    for (const scenario of bodyProblems) {
      expect(problemsOf(scenario, 'frontMatter'), scenario).toEqual([]);
      expect(problemsOf(scenario, 'run'), scenario).toHaveLength(1);
    }
    // What grading needs is still checked, with its file and line.
    const where = (scenario: string, scope: LabScope) =>
      problemsOf(scenario, scope).map(({ file, line, message }) => ({ file, line, message }));
    for (const scenario of ['missing-checker', 'no-front-matter', 'unknown-front-field', 'undeclared-variable']) {
      expect(where(scenario, 'frontMatter'), scenario).toHaveLength(1);
      expect(where(scenario, 'frontMatter'), scenario).toEqual(where(scenario, 'run'));
    }
  });

  it("parses no step's body for the verbs that show none, and a body once it is read", () => {
    // markdown.ts loads marked's CommonJS build on its first parse: spy on that instance.
    const { Lexer } = createRequire(import.meta.url)('marked') as typeof Marked;
    const lex = vi.spyOn(Lexer.prototype, 'lex');
    try {
      const lab = loadScenario('base', 'frontMatter').lab!;
      expect(lab.steps.map((step) => [step.id, step.checks.length])).toEqual([
        ['one', 1],
        ['two', 1],
      ]);
      expect(lex).not.toHaveBeenCalled();
      expect(lab.steps[0]!.commands).toHaveLength(1);
      expect(lab.steps[0]!.tokens.length).toBeGreaterThan(0);
      expect(lex).toHaveBeenCalledTimes(1);
      lex.mockClear();
      loadScenario('base', 'run');
      expect(lex).toHaveBeenCalledTimes(2);
    } finally {
      lex.mockRestore();
    }
  });

  it("parses a step's body when it is first read, to the same tokens and blocks", () => {
    const eager = loadScenario('base', 'run').lab!;
    const lazy = loadScenario('base', 'frontMatter').lab!;
    const step = lazy.steps[0]!;
    expect(Object.getOwnPropertyDescriptor(step, 'commands')?.get).toBeTypeOf('function');
    expect(step.commands.map(({ index, lang, code, line }) => ({ index, lang, code, line }))).toEqual([
      { index: 0, lang: 'sh', code: 'kubectl create deployment web --image=nginx:1.27 -n {{namespace}}', line: 11 },
    ]);
    expect(step.commands[0]!.token).toBe(step.tokens.find((token) => token.type === 'code'));
    expect(lazy.steps.map((s) => s.tokens)).toEqual(eager.steps.map((s) => s.tokens));
  });

  it('reports every image problem, not only the first', () => {
    expect(problemsOf('unpinned-image').map(({ file, line, message }) => ({ file, line, message }))).toEqual([
      { file: `${lab}/lab.yaml`, line: 8, message: 'image "nginx" is not pinned by tag' },
      { file: `${lab}/steps/01-one.md`, line: 7, message: 'image "busybox:latest" is not pinned by tag' },
      { file: `${lab}/steps/01-one.md`, line: 7, message: 'image "busybox:latest" is not listed in lab.yaml' },
      {
        file: 'solutions/base-lab/one/deployment.yaml',
        line: 18,
        message: 'image "nginx:1.27" is not listed in lab.yaml',
      },
    ]);
  });
});
