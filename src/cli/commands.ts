/**
 * The command table. Each command module is imported only when it runs, so `labs --help` and
 * quick commands do not pay for the terminal UI or the Kubernetes client.
 */
import type { Command } from './command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<{ default: Command }>;
  /** Talks to the cluster over TLS: TLS is set up on a worker thread while the command loads. */
  connects: boolean;
}

// The casts erase each command's own option schema type; parseCommandLine re-derives it.
const entry = (
  name: string,
  summary: string,
  load: () => Promise<{ default: unknown }>,
  connects = false,
): CommandEntry => ({
  name,
  summary,
  load: load as () => Promise<{ default: Command }>,
  connects,
});

export const commands: CommandEntry[] = [
  entry(
    'start',
    'open a lab in the terminal guide (k8s-labs start clusterip)',
    () => import('./commands/start.js'),
    true,
  ),
  entry('list', 'list the labs with their steps, time and your progress', () => import('./commands/list.js')),
  entry(
    'check',
    'grade the current step (or --step, --all) against the cluster',
    () => import('./commands/check.js'),
    true,
  ),
  entry('answer', 'record an answer to a question', () => import('./commands/answer.js')),
  entry('hint', 'show the next hint for the current step', () => import('./commands/hint.js')),
  entry('solve', "apply a step's reference solution (recorded as skipped)", () => import('./commands/solve.js'), true),
  entry('jump', 'rebuild the cluster state at the start of a step', () => import('./commands/jump.js'), true),
  entry('reset', 'remove what a lab created and clear its progress', () => import('./commands/reset.js'), true),
  entry(
    'cluster',
    'create, inspect or delete the local kind cluster (up | down | status | env)',
    () => import('./commands/cluster.js'),
  ),
  entry('doctor', 'check Docker, kind, kubectl and the lab cluster', () => import('./commands/doctor.js')),
  entry('prepare', "pre-load a lab's images into the kind cluster", () => import('./commands/prepare.js')),
  entry(
    'validate',
    'check lab content: schema, references, solutions, images, variables',
    () => import('./commands/validate.js'),
  ),
  entry(
    'test',
    'prove labs work on a cluster: checks fail before and pass after solutions',
    () => import('./commands/test.js'),
    true,
  ),
  entry('new', 'scaffold a new lab that validates at once', () => import('./commands/new.js')),
  entry(
    'workshop',
    'run a class on one shared cluster: a namespace and kubeconfig per attendee (create | status | reset | delete | bundle | load)',
    () => import('./commands/workshop.js'),
    true,
  ),
];

export const findCommand = (name: string): CommandEntry | undefined =>
  commands.find((command) => command.name === name);
