/**
 * Turns a lab's files into a `Lab`, collecting every problem instead of stopping at the first.
 * Pure: the filesystem adapter supplies a `LabFiles` snapshot.
 */
import path from 'node:path';
import { type CheckBinding, checkFileOf, type Lab, labWhere, type Problem, type Step } from './lab.js';
import { ANSWERS_FILE, type LabFiles, type LabScope, MANIFEST_FILE, SOLVE_SCRIPT, solutionPath } from './labFiles.js';
import { type ParsedMarkdown, parseMarkdown, splitFrontMatter } from './markdown.js';
import { checkSchema, loadAllYaml, loadYaml, type YamlMemo } from './parseYaml.js';
import {
  type Fixture,
  fixtureSchema,
  frontMatterSchema,
  type LabManifest,
  manifestSchema,
  type StepFrontMatter,
} from './schema.js';
import { messagePatternProblem } from './labTest/fixtureRules.js';
import { findVariables, renderTemplate } from './template.js';
import { renderYamlText, variableValueProblem } from './yamlTemplate.js';
import { lineOfPath } from './yamlLines.js';
import { findImageProblems } from './images.js';
import { foreignFixtureEntries, sharedOwnedObjects } from './labNamespaces.js';
import { readProblems } from './labReads.js';

export interface ParseResult {
  /** The lab, when the manifest and every step could be read; it may still have problems. */
  lab: Lab | undefined;
  problems: Problem[];
}

export interface ParseOptions {
  /** Parsed YAML of texts seen before: the manifest and the steps' front matter go through it. */
  yamlMemo?: YamlMemo;
}

export function parseLab(files: LabFiles, options: ParseOptions = {}): ParseResult {
  const problems: Problem[] = [];
  const { manifestFile } = files;
  if (files.manifestText === undefined) {
    problems.push({
      file: manifestFile,
      line: 0,
      message: `no ${MANIFEST_FILE} in the lab folder`,
      fix: `create ${MANIFEST_FILE} (run \`labs new ${files.folderName}\` for a template)`,
    });
    return { lab: undefined, problems };
  }
  const source = files.manifestText;
  const loaded = loadYaml(source, manifestFile, 1, options.yamlMemo);
  if (!loaded.ok) return { lab: undefined, problems: loaded.problems };
  const checked = checkSchema(manifestSchema, loaded.value, source, manifestFile);
  if (!checked.ok) return { lab: undefined, problems: checked.problems };
  const manifest = checked.value;

  if (manifest.id !== files.folderName) {
    problems.push({
      file: manifestFile,
      line: lineOfPath(source, ['id']),
      message: `lab id "${manifest.id}" does not match its folder "${files.folderName}"`,
      fix: `rename the folder to "${manifest.id}" or set id: ${files.folderName}`,
    });
  }
  if (!('namespace' in manifest.variables)) {
    problems.push({
      file: manifestFile,
      line: lineOfPath(source, ['variables']),
      message: 'no "namespace" variable',
      fix: 'declare variables.namespace with a default such as "demos", so each attendee of a shared cluster can get their own',
    });
  }
  for (const [name, variable] of Object.entries(manifest.variables)) {
    const wrong = variableValueProblem(variable.type ?? 'string', String(variable.default));
    if (wrong) {
      problems.push({
        file: manifestFile,
        line: lineOfPath(source, ['variables', name, 'default']),
        message: `default of variable "${name}": ${wrong}`,
        fix: `give it a ${variable.type} default, or change its type`,
      });
    }
  }
  problems.push(...findImageProblems(manifest.images, source, manifestFile));
  for (const entry of sharedOwnedObjects(manifest.owns, defaultValues(manifest))) {
    problems.push({
      file: manifestFile,
      line: lineOfPath(source, entry.keyPath),
      message: entry.message,
      fix: 'remove it from owns.objects: a lab owns only its own namespaces, so `labs reset` never deletes what others made',
    });
  }
  for (const read of readProblems(manifest, defaultValues(manifest)))
    problems.push({ file: manifestFile, line: lineOfPath(source, read.keyPath), message: read.message, fix: read.fix });
  problems.push(
    ...duplicates(
      manifest.steps.map((step) => step.id),
      (stepId, index) => ({
        file: manifestFile,
        line: lineOfPath(source, ['steps', index, 'id']),
        message: `duplicate step id "${stepId}"`,
        fix: 'give every step its own id',
      }),
    ),
  );

  const steps: Step[] = [];
  manifest.steps.forEach((ref, index) => {
    const text = files.stepTexts[ref.file.replace(/^\.\//, '')];
    const file = path.join(files.dir, ref.file);
    if (text === undefined) {
      problems.push({
        file: manifestFile,
        line: lineOfPath(source, ['steps', index, 'file']),
        message: `step file "${ref.file}" does not exist`,
        fix: `create ${ref.file} or correct the path (relative to the lab folder)`,
      });
      return;
    }
    const step = parseStep(text, file, ref.id, problems, files.scope, options.yamlMemo);
    if (step) steps.push(step);
  });

  const lab: Lab = {
    id: manifest.id,
    manifest,
    dir: files.dir,
    root: files.root,
    ...(files.assetsDir ? { assetsDir: files.assetsDir } : {}),
    steps,
  };
  problems.push(...crossCheck(lab, files, source));
  // Checked with every block; run, unless a workshop says otherwise, on one's own cluster.
  return { lab: steps.length === manifest.steps.length ? labWhere(lab, 'own-cluster') : undefined, problems };
}

function parseStep(
  text: string,
  file: string,
  expectedId: string,
  problems: Problem[],
  scope: LabScope,
  yamlMemo: YamlMemo | undefined,
): Step | undefined {
  const split = splitFrontMatter(text);
  if (split.frontMatter === undefined) {
    problems.push({
      file,
      line: 1,
      message: 'the step has no front matter',
      fix: `start the file with a "---" line, then "id: ${expectedId}" and "title: ...", then another "---"`,
    });
    return undefined;
  }
  const loaded = loadYaml(split.frontMatter, file, split.frontMatterLine, yamlMemo);
  if (!loaded.ok) {
    problems.push(...loaded.problems);
    return undefined;
  }
  const checked = checkSchema(frontMatterSchema, loaded.value, split.frontMatter, file, split.frontMatterLine);
  if (!checked.ok) {
    problems.push(...checked.problems);
    return undefined;
  }
  const front = checked.value;
  const at = (keyPath: PropertyKey[]): number => lineOfPath(split.frontMatter ?? '', keyPath, split.frontMatterLine);
  if (front.id !== expectedId) {
    problems.push({
      file,
      line: at(['id']),
      message: `step id "${front.id}" does not match "${expectedId}" in ${MANIFEST_FILE}`,
      fix: `use the same id in both places`,
    });
  }
  // The body is parsed when first read: grading, hints and `labs list` never read it.
  let parsed: ParsedMarkdown | undefined;
  const body = (): ParsedMarkdown => (parsed ??= parseMarkdown(split.body, split.bodyLine));
  if (scope !== 'frontMatter') problems.push(...bodyProblems(body(), file));
  return {
    id: front.id,
    title: front.title,
    file,
    body: split.body,
    bodyLine: split.bodyLine,
    get tokens() {
      return body().tokens;
    },
    get commands() {
      return body().commands;
    },
    checks: front.checks.map((entry) => (typeof entry === 'string' ? entry : entry.id)),
    ...checkUses(front.checks),
    questions: front.questions,
    hints: front.hints,
    ...(front.setup ? { setup: front.setup } : {}),
    ...(front.solution ? { solutionManifests: front.solution.manifests } : {}),
  };
}

function bodyProblems(markdown: ParsedMarkdown, file: string): Problem[] {
  const problems: Problem[] = [];
  for (const block of markdown.fences) {
    if (!block.closed) {
      problems.push({
        file,
        line: block.line,
        message: 'code block is never closed',
        fix: `add a closing ${block.fence} line`,
      });
    }
  }
  for (const command of markdown.commands) {
    if (command.code.trim() === '') {
      problems.push({
        file,
        line: command.line,
        message: 'runnable command block is empty',
        fix: 'write the command inside the block, or remove "run" from the fence if it is not meant to run',
      });
    }
    if (command.badWorkshopWord !== undefined) {
      problems.push({
        file,
        line: command.line,
        message: `unknown fence word "${command.badWorkshopWord}"`,
        fix: 'write `workshop=skip` (not run in a workshop, which made it already) or `workshop=only` (run only in a workshop)',
      });
    }
  }
  return problems;
}

function checkUses(entries: StepFrontMatter['checks']): { checkUses?: Record<string, CheckBinding> } {
  const uses: Record<string, CheckBinding> = {};
  for (const entry of entries) {
    if (typeof entry !== 'string') uses[entry.id] = { use: entry.use ?? entry.id, with: entry.with };
  }
  return Object.keys(uses).length > 0 ? { checkUses: uses } : {};
}

/** Problems that involve more than one file: references, duplicates, variables, solutions. */
function crossCheck(lab: Lab, files: LabFiles, manifestSource: string): Problem[] {
  const problems: Problem[] = [];
  const declared = new Set(Object.keys(lab.manifest.variables));
  const checkerDir = path.join(files.root, 'checkers', lab.id);
  const solutionDir = path.join(files.root, solutionPath(lab.id));
  const checkers = new Set(files.checkerIds);
  const questionIds = new Map<string, string>();
  const render = yamlRenderer(lab.manifest);

  const undeclared = (text: string, file: string, firstLine: number): void => {
    for (const use of findVariables(text)) {
      if (!declared.has(use.name)) {
        problems.push({
          file,
          line: use.line + firstLine - 1,
          message: `variable "{{${use.name}}}" is not declared`,
          fix: `declare "${use.name}" under variables in ${MANIFEST_FILE}, or correct its name (declared: ${[...declared].join(', ') || 'none'})`,
        });
      }
    }
  };
  undeclared(manifestSource, files.manifestFile, 1);

  for (const step of lab.steps) {
    const text = files.stepTexts[path.relative(files.dir, step.file).split(path.sep).join('/')] ?? '';
    undeclared(text, step.file, 1);
    // The first line naming the id as a whole word (`svc-exist` is not found in `svc-exists`).
    const frontLine = (id: string): number => {
      const word = new RegExp(`(^|[^a-z0-9-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9-]|$)`);
      return Math.max(1, text.split('\n').findIndex((line) => word.test(line)) + 1);
    };

    problems.push(
      ...duplicates(step.checks, (checkId) => ({
        file: step.file,
        line: frontLine(checkId),
        message: `check "${checkId}" is listed twice`,
        fix: 'list each check once',
      })),
    );
    for (const checkId of [...step.checks.map((id) => checkFileOf(step, id)), ...step.questions.map((q) => q.id)]) {
      if (!checkers.has(checkId)) {
        problems.push({
          file: step.file,
          line: frontLine(checkId),
          message: `"${checkId}" has no checker`,
          fix: `create ${path.join(checkerDir, `${checkId}.ts`)} or correct the id`,
        });
      }
    }
    for (const question of step.questions) {
      const other = questionIds.get(question.id);
      if (other) {
        problems.push({
          file: step.file,
          line: frontLine(question.id),
          message: `question id "${question.id}" is also used in step "${other}"`,
          fix: 'give every question its own id',
        });
      }
      questionIds.set(question.id, step.id);
    }
    if (files.scope !== 'all') continue;
    if (step.setup) {
      const named = [...step.setup.manifests, ...(step.setup.script ? [step.setup.script] : [])];
      problems.push(...labFileProblems(lab, files, named, step.file, frontLine, undeclared, render));
    }
    if (step.solutionManifests) {
      problems.push(...labFileProblems(lab, files, step.solutionManifests, step.file, frontLine, undeclared, render));
    }
    problems.push(
      ...solutionProblems(step, files.solutions[step.id], path.join(solutionDir, step.id), undeclared, render),
    );
    const solution = files.solutions[step.id] ?? {};
    problems.push(
      ...imageUseProblems(lab, [
        ...step.commands.map((c) => ({ text: c.code, line: c.line, file: step.file })),
        ...Object.entries(solution).map(([name, text]) => ({
          text,
          line: 0,
          file: path.join(solutionDir, step.id, name),
        })),
      ]),
    );
  }
  if (files.scope === 'all') problems.push(...fixtureProblems(lab, files, undeclared, render));
  return problems;
}

function solutionProblems(
  step: Step,
  solution: Record<string, string> | undefined,
  dir: string,
  undeclared: (text: string, file: string, firstLine: number) => void,
  render: (text: string) => string,
): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(solution ?? {});
  const manifests = names.filter((name) => /\.ya?ml$/.test(name) && name !== ANSWERS_FILE);
  if (!solution && (step.solutionManifests?.length ?? 0) > 0 && step.questions.length === 0) return problems;
  if (!solution || (manifests.length === 0 && !names.includes(SOLVE_SCRIPT) && !names.includes(ANSWERS_FILE))) {
    problems.push({
      file: dir,
      line: 0,
      message: `step "${step.id}" has no reference solution`,
      fix: `add manifests (*.yaml), a ${SOLVE_SCRIPT} or an ${ANSWERS_FILE} to ${dir}`,
    });
    return problems;
  }
  for (const name of names) undeclared(solution[name] ?? '', path.join(dir, name), 1);
  for (const name of manifests) {
    const file = path.join(dir, name);
    const loaded = loadAllYaml(render(solution[name] ?? ''), file);
    if (!loaded.ok) problems.push(...renderedYamlProblems(loaded.problems, solution[name] ?? ''));
  }
  if (names.includes(ANSWERS_FILE)) {
    const file = path.join(dir, ANSWERS_FILE);
    const source = solution[ANSWERS_FILE] ?? '';
    const loaded = loadYaml(source, file);
    if (!loaded.ok) problems.push(...loaded.problems);
    else {
      const answers = (loaded.value ?? {}) as Record<string, unknown>;
      for (const question of step.questions) {
        if (!(question.id in answers)) {
          problems.push({
            file,
            line: 1,
            message: `no reference answer for question "${question.id}"`,
            fix: `add "${question.id}:" with a "command" that prints the answer, or a "value"`,
          });
        }
      }
    }
  } else if (step.questions.length > 0) {
    problems.push({
      file: path.join(dir, ANSWERS_FILE),
      line: 0,
      message: `step "${step.id}" asks questions but its solution has no ${ANSWERS_FILE}`,
      fix: `create ${ANSWERS_FILE} with one entry per question id`,
    });
  }
  return problems;
}

function fixtureProblems(
  lab: Lab,
  files: LabFiles,
  undeclared: (text: string, file: string, firstLine: number) => void,
  render: (text: string) => string,
): Problem[] {
  const problems: Problem[] = [];
  const vars = defaultValues(lab.manifest);
  const owned = lab.manifest.owns.namespaces.map((name) => renderTemplate(name, vars));
  for (const [file, raw] of Object.entries(files.fixtures)) {
    undeclared(raw, file, 1);
    const source = render(raw);
    const loaded = loadYaml(source, file);
    if (!loaded.ok) {
      problems.push(...renderedYamlProblems(loaded.problems, raw));
      continue;
    }
    const checked = checkSchema(fixtureSchema, loaded.value, source, file);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    for (const entry of foreignFixtureEntries(checked.value, vars, owned)) {
      problems.push({
        file,
        line: lineOfPath(source, entry.keyPath),
        message: entry.message,
        fix: "put it in one of the lab's namespaces (owns.namespaces) so labs test never changes anything else",
      });
    }
    const step = lab.steps.find((s) => s.id === checked.value.step);
    // A step that exists but could not be parsed already has its own problem.
    if (!step && lab.manifest.steps.some((s) => s.id === checked.value.step)) continue;
    if (!step) {
      problems.push({
        file,
        line: lineOfPath(source, ['step']),
        message: `fixture targets unknown step "${checked.value.step}"`,
        fix: `use one of: ${lab.manifest.steps.map((s) => s.id).join(', ')}`,
      });
      continue;
    }
    const graded = new Set([...step.checks, ...step.questions.map((q) => q.id)]);
    const fixture = checked.value;
    const field = fixture.rejects.length > 0 ? 'rejects' : 'accepts';
    fixture[field].forEach((id, index) => {
      if (!graded.has(id)) {
        problems.push({
          file,
          line: lineOfPath(source, [field, index]),
          message: `"${id}" is not a check or question of step "${step.id}"`,
          fix: `use one of: ${[...graded].join(', ')}`,
        });
      }
    });
    problems.push(...fixtureKindProblems(fixture, file, source));
    problems.push(
      ...labFileProblems(
        lab,
        files,
        fixture.applyFiles,
        file,
        (rel) => lineOfPath(source, ['applyFiles', fixture.applyFiles.indexOf(rel)]),
        undeclared,
        render,
      ),
    );
    problems.push(...imageUseProblems(lab, [{ text: raw, line: 0, file }]));
  }
  return problems;
}

/**
 * Files of the lab folder that a step's setup or a fixture names: each must exist; manifests must
 * parse once rendered, and their variables and images be declared.
 */
function labFileProblems(
  lab: Lab,
  files: LabFiles,
  named: readonly string[],
  namedIn: string,
  lineOf: (rel: string) => number,
  undeclared: (text: string, file: string, firstLine: number) => void,
  render: (text: string) => string,
): Problem[] {
  const problems: Problem[] = [];
  for (const rel of named) {
    const text = files.labFileTexts?.[rel.replace(/^\.\//, '')];
    const file = path.join(files.dir, rel);
    if (text === undefined) {
      problems.push({
        file: namedIn,
        line: lineOf(rel),
        message: `"${rel}" does not exist in the lab folder`,
        fix: `create ${file}, or correct the path (relative to ${files.dir})`,
      });
      continue;
    }
    undeclared(text, file, 1);
    if (/\.ya?ml$/.test(rel)) {
      const loaded = loadAllYaml(render(text), file);
      if (!loaded.ok) problems.push(...renderedYamlProblems(loaded.problems, text));
    }
    problems.push(...imageUseProblems(lab, [{ text, line: 0, file }]));
  }
  return problems;
}

/** A fixture under accepts/ names what must pass; any other names what must fail, and may say why. */
function fixtureKindProblems(fixture: Fixture, file: string, source: string): Problem[] {
  const problems: Problem[] = [];
  const accepting = file.split(/[\\/]/).includes('accepts');
  if (accepting && (fixture.accepts.length === 0 || fixture.rejects.length > 0)) {
    problems.push({
      file,
      line: lineOfPath(source, fixture.rejects.length > 0 ? ['rejects'] : []),
      message: 'a fixture under accepts/ is a right answer: it names what must pass',
      fix: 'list the checks that must pass under "accepts:" (and no "rejects:"), or move the file out of accepts/',
    });
  }
  if (!accepting && fixture.rejects.length === 0) {
    problems.push({
      file,
      line: lineOfPath(source, fixture.accepts.length > 0 ? ['accepts'] : []),
      message: fixture.accepts.length > 0 ? '"accepts" is only for fixtures under accepts/' : 'missing field "rejects"',
      fix:
        fixture.accepts.length > 0
          ? 'move the file into an accepts/ folder, or list the checks that must fail under "rejects:"'
          : 'list the checks or questions that must fail in this state under "rejects:"',
    });
  }
  for (const [id, expected] of Object.entries(fixture.failsWith)) {
    if (!fixture.rejects.includes(id)) {
      problems.push({
        file,
        line: lineOfPath(source, ['failsWith', id]),
        message: `failsWith names "${id}", which the fixture does not reject`,
        fix: `add "${id}" to rejects, or remove it from failsWith`,
      });
    }
    const wrong = messagePatternProblem(expected);
    if (wrong) {
      problems.push({
        file,
        line: lineOfPath(source, ['failsWith', id]),
        message: wrong,
        fix: 'write a substring of the message, or a valid /regular expression/',
      });
    }
  }
  return problems;
}

function imageUseProblems(lab: Lab, texts: { text: string; line: number; file: string }[]): Problem[] {
  const listed = new Set(lab.manifest.images);
  const problems: Problem[] = [];
  for (const { text, line, file } of texts) {
    text.split('\n').forEach((lineText, offset) => {
      for (const match of lineText.matchAll(/(?:--image[= ]|\bimage:\s*)["']?([^\s'",}\]]+)/g)) {
        const image = match[1]!;
        problems.push(...findImageProblems([image], '', file).map((p) => ({ ...p, line: line + 1 + offset })));
        if (!listed.has(image)) {
          problems.push({
            file,
            line: line + 1 + offset,
            message: `image "${image}" is not listed in ${MANIFEST_FILE}`,
            fix: `add "${image}" to images so \`labs prepare\` can pre-load it`,
          });
        }
      }
    });
  }
  return problems;
}

/** Renders YAML text with the variables' defaults, each whole value as its declared type. */
const yamlRenderer = (manifest: LabManifest): ((text: string) => string) => {
  const vars = defaultValues(manifest);
  const types = Object.fromEntries(Object.entries(manifest.variables).map(([name, variable]) => [name, variable.type]));
  return (text) => renderYamlText(text, vars, types);
};

/** A YAML error on a line that uses a variable: the rendered value broke the line, so say how to quote it. */
function renderedYamlProblems(found: Problem[], raw: string): Problem[] {
  const lines = raw.split('\n');
  return found.map((problem) => {
    const uses = findVariables(lines[problem.line - 1] ?? '');
    if (uses.length === 0) return problem;
    const names = uses.map((use) => `{{${use.name}}}`).join(', ');
    return {
      ...problem,
      message: `${problem.message} (after rendering ${names} with the default value)`,
      fix: `quote the value that uses ${names} ("..."), or declare the variable's type (number, port) in ${MANIFEST_FILE}`,
    };
  });
}

/** The variables' defaults: what validation renders content with. */
const defaultValues = (manifest: LabManifest): Record<string, string> =>
  Object.fromEntries(Object.entries(manifest.variables).map(([name, variable]) => [name, String(variable.default)]));

function duplicates<P>(ids: string[], problem: (id: string, index: number) => P): P[] {
  const seen = new Set<string>();
  const found: P[] = [];
  ids.forEach((id, index) => {
    if (seen.has(id)) found.push(problem(id, index));
    seen.add(id);
  });
  return found;
}

export type { LabManifest };
