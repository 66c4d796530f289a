/** Fakes for grading tests: an in-memory cluster, a scripted PodExec, and labs built in memory. */
import type { Check, Question } from '../../../src/sdk/index.js';
import type { Lab, Step } from '../../../src/core/lab.js';
import { KINDS, type KindMap, type KindName } from '../../../src/core/kinds.js';
import type {
  ClusterReader,
  ExecRequest,
  ExecResult,
  ListOptions,
  PodExec,
  WatchEvent,
  WatchTarget,
} from '../../../src/core/ports.js';
import type { Question as QuestionSpec } from '../../../src/core/schema.js';

type AnyObject = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

function matches(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return labels?.[key!] === value;
  });
}

/** A ClusterReader over objects held in memory; `change()` edits them and notifies watchers. */
export class FakeReader implements ClusterReader {
  readonly target = { context: 'fake', server: 'https://fake.invalid', kubeconfigPath: '/dev/null' };
  readonly objects = new Map<KindName, AnyObject[]>();
  readonly calls: string[] = [];
  readonly watches: { targets: WatchTarget[]; onEvent: (event: WatchEvent) => void; signal: AbortSignal }[] = [];
  /** When set, every read throws it. */
  failWith: Error | undefined;
  /** When set, watch() rejects with it. */
  watchFails: Error | undefined;

  add<K extends KindName>(kind: K, object: KindMap[K]): this {
    this.objects.set(kind, [...(this.objects.get(kind) ?? []), object as AnyObject]);
    return this;
  }

  /** Replaces or adds an object (by name and namespace) and sends a watch event to matching watchers. */
  change<K extends KindName>(kind: K, object: KindMap[K] | undefined, name: string, namespace?: string): void {
    const rest = (this.objects.get(kind) ?? []).filter(
      (o) => !(o.metadata?.name === name && (o.metadata?.namespace ?? undefined) === namespace),
    );
    this.objects.set(kind, object ? [...rest, object as AnyObject] : rest);
    const event: WatchEvent = {
      type: object ? 'MODIFIED' : 'DELETED',
      kind,
      name,
      ...(namespace ? { namespace } : {}),
    };
    for (const watch of this.watches) {
      if (watch.signal.aborted) continue;
      if (watch.targets.some((t) => t.kind === kind && (t.namespace === undefined || t.namespace === namespace)))
        watch.onEvent(event);
    }
  }

  async get<K extends KindName>(kind: K, name: string, namespace?: string): Promise<KindMap[K] | undefined> {
    this.calls.push(`get ${kind} ${namespace ?? ''}/${name}`);
    if (this.failWith) throw this.failWith;
    return (this.objects.get(kind) ?? []).find(
      (o) => o.metadata?.name === name && (!KINDS[kind].namespaced || o.metadata?.namespace === namespace),
    ) as KindMap[K] | undefined;
  }

  async list<K extends KindName>(kind: K, options: ListOptions = {}): Promise<KindMap[K][]> {
    this.calls.push(`list ${kind} ${options.namespace ?? '*'} ${options.labelSelector ?? ''}`.trim());
    if (this.failWith) throw this.failWith;
    return (this.objects.get(kind) ?? []).filter(
      (o) =>
        (options.namespace === undefined || o.metadata?.namespace === options.namespace) &&
        matches(o.metadata?.labels, options.labelSelector),
    ) as KindMap[K][];
  }

  watch(targets: WatchTarget[], onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    if (this.watchFails) return Promise.reject(this.watchFails);
    this.watches.push({ targets, onEvent, signal });
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  activeWatches(): WatchTarget[][] {
    return this.watches.filter((w) => !w.signal.aborted).map((w) => w.targets);
  }
}

export class FakePodExec implements PodExec {
  readonly requests: ExecRequest[] = [];
  constructor(
    private readonly answer: (request: ExecRequest) => ExecResult | Promise<ExecResult> = () => ({
      stdout: '',
      stderr: '',
      exitCode: 0,
    }),
  ) {}
  async exec(request: ExecRequest): Promise<ExecResult> {
    this.requests.push(request);
    return this.answer(request);
  }
}

export interface StepSpec {
  id: string;
  checks?: string[];
  checkUses?: Step['checkUses'];
  questions?: QuestionSpec[];
  hints?: string[];
}

export function makeLab(steps: StepSpec[], id = 'demo'): Lab {
  return {
    id,
    dir: `/labs/${id}`,
    root: '/content',
    manifest: {
      formatVersion: 1,
      id,
      title: 'Demo lab',
      summary: 'A lab for tests.',
      estimatedMinutes: 5,
      kubernetesVersions: ['1.33'],
      images: [],
      variables: { namespace: { default: 'demos' } },
      owns: { namespaces: ['demos'], objects: [] },
      reads: [],
      steps: steps.map((step) => ({ id: step.id, file: `steps/${step.id}.md` })),
    },
    steps: steps.map((step): Step => ({
      id: step.id,
      title: `Step ${step.id}`,
      file: `/labs/${id}/steps/${step.id}.md`,
      body: '',
      bodyLine: 1,
      tokens: [],
      commands: [],
      checks: step.checks ?? [],
      ...(step.checkUses ? { checkUses: step.checkUses } : {}),
      questions: step.questions ?? [],
      hints: step.hints ?? [],
    })),
  };
}

export const loaderOf =
  (checkers: Record<string, Check | Question>) =>
  async (_lab: Lab, id: string): Promise<Check | Question> => {
    const checker = checkers[id];
    if (!checker) throw new Error(`no fake checker ${id}`);
    return checker;
  };

export const service = (name: string, spec: KindMap['Service']['spec'], namespace = 'demos'): KindMap['Service'] => ({
  metadata: { name, namespace },
  spec,
});

export const pod = (name: string, labels: Record<string, string>, namespace = 'demos'): KindMap['Pod'] => ({
  metadata: { name, namespace, labels },
  status: { phase: 'Running' },
});
