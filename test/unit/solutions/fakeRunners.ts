/**
 * Recording fakes of KubectlRunner, ShellRunner and the reader's GETs, with scripted answers. A
 * GET is the call `api get <kind> <name> [-n <namespace>]`; the object exists when the answer
 * prints `<kind>/<name>`, as `kubectl get -o name` would.
 */
import * as v from 'valibot';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubectlRunner, RunOptions, RunResult, ShellRunner } from '../../../src/core/ports.js';
import type { ObjectReader } from '../../../src/adapters/solutions/kubectlOps.js';
import type { Lab } from '../../../src/core/lab.js';
import { stepFrom } from '../../helpers/steps.js';
import { manifestSchema } from '../../../src/core/schema.js';

export interface Call {
  tool: 'kubectl' | 'shell' | 'api';
  args: string[];
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
}

export type Responder = (call: Call) => Partial<RunResult> | undefined;

export const ok = (stdout = ''): Partial<RunResult> => ({ exitCode: 0, stdout });
export const failed = (stderr: string, exitCode = 1): Partial<RunResult> => ({ exitCode, stderr });

export function fakeSession(respond: Responder = () => undefined) {
  const calls: Call[] = [];
  const answer = (call: Call, options: RunOptions): RunResult => {
    calls.push(call);
    const result: RunResult = {
      exitCode: 0,
      stdout: '',
      stderr: '',
      timedOut: false,
      aborted: false,
      durationMs: 3,
      ...respond(call),
    };
    for (const line of result.stdout.split('\n').filter(Boolean)) options.onLine?.(line, 'stdout');
    return result;
  };
  const kubectl: KubectlRunner = {
    async run(args, options = {}) {
      return answer(
        { tool: 'kubectl', args, ...(options.input !== undefined ? { input: options.input } : {}) },
        options,
      );
    },
  };
  const shell: ShellRunner = {
    async runBlock(script, options = {}) {
      return answer(
        {
          tool: 'shell',
          args: [script],
          ...(options.env ? { env: options.env } : {}),
          ...(options.cwd ? { cwd: options.cwd } : {}),
        },
        options,
      );
    },
  };
  const reader: ObjectReader = {
    async get(kind, name, namespace) {
      const where = namespace === undefined ? [] : ['-n', namespace];
      const { stdout } = answer({ tool: 'api', args: ['get', kind.toLowerCase(), name, ...where] }, {});
      const found = stdout.split('\n').some((line) => line.trim() === `${kind.toLowerCase()}/${name}`);
      return (found ? { metadata: { name } } : undefined) as never;
    },
  };
  return { calls, kubectl, shell, reader };
}

/** A lab on disk with the given solution files, under a fresh temporary content root. */
export function labOnDisk(
  solutions: Record<string, Record<string, string>>,
  owns: { namespaces?: string[]; objects?: unknown[] } = { namespaces: ['{{namespace}}'] },
): Lab {
  const root = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-solutions-'));
  for (const [step, files] of Object.entries(solutions)) {
    const dir = path.join(root, 'solutions', 'disk-lab', step);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  }
  const manifest = v.parse(manifestSchema, {
    formatVersion: 1,
    id: 'disk-lab',
    title: 'Disk lab',
    summary: 'For tests.',
    estimatedMinutes: 1,
    kubernetesVersions: ['1.36'],
    images: [],
    variables: { namespace: { default: 'disk' }, jumpboxName: { default: 'jumpbox' } },
    owns,
    steps: Object.keys(solutions).map((id) => ({ id, file: `steps/${id}.md` })),
  });
  return {
    id: 'disk-lab',
    manifest,
    dir: path.join(root, 'labs', 'disk-lab'),
    root,
    steps: Object.keys(solutions).map((id) => ({ ...stepFrom(id), file: '' })),
  };
}
