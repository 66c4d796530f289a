/**
 * Runs a built-in lab's checkers against the fake cluster: applies reference solutions step by
 * step, applies wrong-answer fixtures, and grades checks and questions the way `labs test` does.
 */
import * as v from 'valibot';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import type { Check, CheckOutcome, Question } from 'k8s-labs/sdk';
import { loadLabAt } from '../../../src/adapters/fs/labRepository.js';
import type { Lab, Step } from '../../../src/core/lab.js';
import { labVariables } from '../../../src/core/labVariables.js';
import { type Fixture, fixtureSchema } from '../../../src/core/schema.js';
import { renderTemplate } from '../../../src/core/template.js';
import { FakeCluster, type Manifest } from './fakeCluster.js';
import { fakeContext } from './fakeContext.js';
import { answersMatch } from '../../../src/core/answers.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface LabUnderTest {
  lab: Lab;
  vars: Record<string, string>;
  namespace: string;
}

export function loadLab(id: string, overrides: Record<string, string> = {}): LabUnderTest {
  const { lab, problems } = loadLabAt({ folderName: id, dir: path.join(ROOT, 'labs', id), root: ROOT });
  if (!lab || problems.length > 0)
    throw new Error(`lab ${id} does not validate: ${problems.map((p) => p.message).join('; ')}`);
  const vars = labVariables(lab, overrides);
  return { lab, vars, namespace: vars['namespace']! };
}

/** Replaces {{variables}} in every string of a parsed YAML value. */
export function render<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return renderTemplate(value, vars) as T;
  if (Array.isArray(value)) return value.map((item) => render(item, vars)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, vars)])) as T;
  return value;
}

const solutionDir = (t: LabUnderTest, stepId: string): string => path.join(ROOT, 'solutions', t.lab.id, stepId);

/** Applies a step's reference solution: its manifests in name order, then what solve.sh does. */
export function applySolution(cluster: FakeCluster, t: LabUnderTest, stepId: string): void {
  const dir = solutionDir(t, stepId);
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n) && n !== 'answers.yaml')) {
    const text = renderTemplate(readFileSync(path.join(dir, name), 'utf8'), t.vars);
    for (const doc of yaml.loadAll(text)) if (doc) cluster.apply(doc as Manifest);
  }
  if (names.includes('solve.sh')) simulateScript(cluster, t, readFileSync(path.join(dir, 'solve.sh'), 'utf8'), stepId);
}

/**
 * solve.sh cannot run here; the few things solutions do in it are played on the fake cluster.
 * Anything else fails the test, so a new kind of script gets a simulation, not silence.
 */
function simulateScript(cluster: FakeCluster, t: LabUnderTest, script: string, stepId: string): void {
  const commands = script
    // The fake cluster is one's own: a workshop branch (K8S_LABS_WORKSHOP set) does not run.
    .replace(/^if \[ -n "\$\{K8S_LABS_WORKSHOP:-\}" \]; then\n[\s\S]*?\nelse\n([\s\S]*?)\nfi$/m, '$1')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const command of commands) {
    if (/^kubectl (rollout status|wait) /.test(command)) continue;
    if (/^kubectl delete namespace "\$NAMESPACE"/.test(command)) {
      cluster.deleteNamespace(t.namespace);
      continue;
    }
    throw new Error(`solutions/${t.lab.id}/${stepId}/solve.sh: no simulation for: ${command}`);
  }
}

export function stepOf(t: LabUnderTest, stepId: string): Step {
  const step = t.lab.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return step;
}

/** The cluster as the learner has it when `stepId` starts: every earlier step solved. */
export function clusterBefore(t: LabUnderTest, stepId: string): FakeCluster {
  const cluster = new FakeCluster();
  for (const step of t.lab.steps) {
    if (step.id === stepId) return cluster;
    applySolution(cluster, t, step.id);
  }
  throw new Error(`no step ${stepId}`);
}

export function clusterAfter(t: LabUnderTest, stepId: string): FakeCluster {
  const cluster = clusterBefore(t, stepId);
  applySolution(cluster, t, stepId);
  return cluster;
}

export async function loadChecker(t: LabUnderTest, id: string): Promise<Check | Question> {
  const module = (await import(pathToFileURL(path.join(ROOT, 'checkers', t.lab.id, `${id}.ts`)).href)) as {
    default: Check | Question;
  };
  return module.default;
}

export interface Graded extends CheckOutcome {
  precondition: boolean;
  expected?: string | number | string[];
}

/** Grades a check, or a question with the given answer (none: "not answered yet"). */
export async function grade(t: LabUnderTest, cluster: FakeCluster, id: string, answer?: string): Promise<Graded> {
  const checker = await loadChecker(t, id);
  const ctx = fakeContext(cluster, { namespace: t.namespace, needs: checker.needs ?? ['api'], vars: t.vars });
  if ('run' in checker) return { ...(await checker.run(ctx)), precondition: checker.precondition === true };
  const expected = await checker.expected(ctx);
  const kind = t.lab.steps.flatMap((s) => s.questions).find((q) => q.id === id)?.answer ?? 'text';
  if (answer === undefined) return { passed: false, message: 'not answered yet', precondition: false, expected };
  const passed = answersMatch(kind, answer, expected);
  return { passed, message: passed ? 'right' : `expected ${String(expected)}`, precondition: false, expected };
}

export interface LoadedFixture {
  name: string;
  fixture: Fixture;
}

/** checkers/<lab>/fixtures/<check>/<name>.yaml, parsed and rendered. */
export function loadFixtures(t: LabUnderTest): LoadedFixture[] {
  const base = path.join(ROOT, 'checkers', t.lab.id, 'fixtures');
  if (!existsSync(base)) return [];
  return readdirSync(base).flatMap((check) =>
    readdirSync(path.join(base, check))
      .filter((file) => /\.ya?ml$/.test(file))
      .sort()
      .map((file) => ({
        name: `${check}/${file}`,
        fixture: render(v.parse(fixtureSchema, yaml.load(readFileSync(path.join(base, check, file), 'utf8'))), t.vars),
      })),
  );
}

export function applyFixture(cluster: FakeCluster, fixture: Fixture): void {
  for (const object of fixture.delete) cluster.delete(object.kind, object.name, object.namespace);
  for (const manifest of fixture.apply) cluster.apply(manifest);
}

/** The state before a fixture's step, with the fixture applied: what the learner got wrong. */
export function clusterWithFixture(t: LabUnderTest, name: string): FakeCluster {
  const found = loadFixtures(t).find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  const cluster = clusterBefore(t, found.fixture.step);
  applyFixture(cluster, found.fixture);
  return cluster;
}

/** Check and question ids of a step, in front-matter order. */
export const gradedIds = (step: Step): string[] => [...step.checks, ...step.questions.map((q) => q.id)];
