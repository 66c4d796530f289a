/**
 * .github/workflows/labs.yml cannot run here (no Docker), so its shape is checked instead: the
 * triggers, the kind matrix of pinned node images, and the steps lab authors rely on, in order.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { commands as commandTable } from '../../src/cli/commands.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<
    string,
    {
      'runs-on': string;
      strategy: {
        'fail-fast': boolean;
        matrix: { include: { kubernetes: string; 'node-image': string; kubectl: string }[] };
      };
      steps: Step[];
    }
  >;
}

const text = readFileSync(path.join(root, '.github', 'workflows', 'labs.yml'), 'utf8');
const workflow = yaml.load(text) as Workflow;
const job = workflow.jobs['test']!;
const stepIndex = (match: (step: Step) => boolean): number => job.steps.findIndex(match);
const runs = (command: RegExp) => (step: Step) => command.test(step.run ?? '');

describe('the lab CI workflow', () => {
  it('runs on pushes and pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('tests at least three Kubernetes versions on kind node images pinned by tag and digest', () => {
    const { include } = job.strategy.matrix;
    expect(include.length).toBeGreaterThanOrEqual(3);
    expect(new Set(include.map((entry) => entry.kubernetes)).size).toBe(include.length);
    for (const entry of include) {
      expect(entry['node-image']).toMatch(
        new RegExp(`^kindest/node:v${entry.kubernetes.replace('.', '\\.')}\\.\\d+@sha256:[0-9a-f]{64}$`),
      );
    }
    // One version failing must not hide the others' results.
    expect(job.strategy['fail-fast']).toBe(false);
  });

  it('creates the kind cluster the labs use by default, from the matrix image, with kubectl of its minor', () => {
    const kind = job.steps.find((step) => step.uses?.startsWith('helm/kind-action@'))!;
    expect(kind.uses).toMatch(/^helm\/kind-action@v\d+$/);
    expect(kind.with).toMatchObject({
      node_image: '${{ matrix.node-image }}',
      cluster_name: '${{ env.K8S_LABS_CLUSTER }}',
    });
    expect(String(kind.with?.['version'])).toMatch(/^v\d+\.\d+\.\d+$/);
    // kind-action's own kubectl (v1.35.0) would be outside kubectl's one-minor skew on newer entries.
    expect(kind.with?.['kubectl_version']).toBe('${{ matrix.kubectl }}');
    for (const entry of job.strategy.matrix.include) {
      expect(entry.kubectl, `kubectl of the ${entry.kubernetes} entry`).toMatch(
        new RegExp(`^v${entry.kubernetes.replace('.', '\\.')}\\.\\d+$`),
      );
    }
    expect((yaml.load(text) as { env: Record<string, string> }).env['K8S_LABS_CLUSTER']).toBe('k8s-labs');
  });

  it('checks out, installs Node 22 and the CLI, then doctor, validate, prepare and test --all --junit, in that order', () => {
    const order = [
      stepIndex((step) => step.uses?.startsWith('actions/checkout@') === true),
      stepIndex(
        (step) => step.uses?.startsWith('actions/setup-node@') === true && String(step.with?.['node-version']) === '22',
      ),
      stepIndex(runs(/npm (ci|install --global "k8s-labs)/)),
      stepIndex((step) => step.uses?.startsWith('helm/kind-action@') === true),
      stepIndex(runs(/^labs doctor$/)),
      stepIndex(runs(/^labs validate$/)),
      stepIndex(runs(/labs prepare /)),
      stepIndex(runs(/^labs test --all --junit labs-report\.xml$/)),
      stepIndex((step) => step.uses?.startsWith('actions/upload-artifact@') === true),
    ];
    expect(
      order.every((index) => index >= 0),
      `steps found at ${order.join(', ')}`,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('uploads the JUnit report even when labs test fails', () => {
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with?.['path']).toBe('labs-report.xml');
    expect(String(upload.with?.['name'])).toContain('${{ matrix.kubernetes }}');
  });

  it('pins every action to a major version', () => {
    for (const step of job.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it('has run scripts bash can parse, with every labs command one the CLI has', () => {
    const commands = new Set([...commandTable.map((command) => command.name), '--version']);
    for (const step of job.steps.filter((s) => s.run)) {
      const script = step.run!.replace(/\$\{\{[^}]*\}\}/g, 'x');
      expect(() => execFileSync('bash', ['-n', '-c', script])).not.toThrow();
      for (const match of script.matchAll(/\blabs (\S+)/g)) expect(commands, `labs ${match[1]}`).toContain(match[1]);
    }
  });
});
