/** Fakes and helpers for the terminal guide's component tests: no cluster, no processes. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import stripAnsi from 'strip-ansi';
import { loadLab } from '../../../src/adapters/fs/labRepository.js';
import { createProgressStore, type ProgressStore } from '../../../src/adapters/fs/progressStore.js';
import { App } from '../../../src/ui/App.js';
import type { Lab } from '../../../src/core/lab.js';
import type { ClusterTarget, RunOptions, RunResult, ShellRunner } from '../../../src/core/ports.js';
import type { CheckReport, GradeOptions, Grader, StepReport } from '../../../src/core/grading/types.js';
import { overallStatus } from '../../../src/core/grading/types.js';
import { resolveStep } from '../../../src/core/progressSummary.js';
import { labVariables } from '../../../src/core/labVariables.js';
import type { ConnectedCluster, ConnectResult, LabChoice, OpenedLab, TuiServices } from '../../../src/ui/services.js';

/** The lab folder of a fixture under test/fixtures/<name>/labs/<name>. */
export const fixtureLabDirOf = (name: string): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), `../../fixtures/${name}/labs/${name}`);

export const fixtureLabDir = fixtureLabDirOf('tui-lab');

export const loadFixtureLab = (): Lab => loadLab(fixtureLabDir);

export const tempStateDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-tui-'));

export const target: ClusterTarget = {
  context: 'kind-k8s-labs',
  server: 'https://127.0.0.1:41234',
  kubeconfigPath: '/tmp/lab-kubeconfig',
};

/** A shell that plays scripted outputs; unknown scripts print nothing and exit 0. */
export interface FakeShell extends ShellRunner {
  scripts: string[];
}

export type ShellScript = (options: RunOptions) => Promise<Omit<RunResult, 'durationMs' | 'stdout' | 'stderr'>>;

export function fakeShell(plays: Record<string, ShellScript> = {}): FakeShell {
  const scripts: string[] = [];
  return {
    scripts,
    async runBlock(script, options = {}) {
      scripts.push(script);
      const play = Object.entries(plays).find(([marker]) => script.includes(marker))?.[1];
      const result = play ? await play(options) : { exitCode: 0, aborted: false, timedOut: false };
      return { ...result, stdout: '', stderr: '', durationMs: 12 };
    },
  };
}

/** Prints `lines` then exits with `exitCode`. */
export const prints =
  (lines: [string, 'stdout' | 'stderr'][], exitCode = 0): ShellScript =>
  async (options) => {
    for (const [line, stream] of lines) options.onLine?.(line, stream);
    return { exitCode, aborted: false, timedOut: false };
  };

/** Prints "tick" every few ms until aborted, like `while true; do ...; done`. */
export const endless: ShellScript = (options) =>
  new Promise((resolve) => {
    let count = 0;
    const timer = setInterval(() => options.onLine?.(`tick ${++count}`, 'stdout'), 5);
    options.signal?.addEventListener('abort', () => {
      clearInterval(timer);
      resolve({ exitCode: 143, aborted: true, timedOut: false });
    });
  });

export const check = (
  id: string,
  status: CheckReport['status'],
  message = '',
  extra: Partial<CheckReport> = {},
): CheckReport => ({
  id,
  title: `${id} title`,
  kind: 'check',
  status,
  message,
  durationMs: 3,
  ...extra,
});

export const stepReport = (step: string, checks: CheckReport[]): StepReport => ({
  lab: 'tui-lab',
  step,
  status: overallStatus(checks),
  checks,
  durationMs: 5,
});

export interface FakeGrader extends Grader {
  calls: { stepId: string; options: GradeOptions }[];
}

export function fakeGrader(
  grade: (stepId: string, options: GradeOptions) => StepReport | Promise<StepReport>,
): FakeGrader {
  const calls: FakeGrader['calls'] = [];
  return {
    calls,
    async gradeStep(_lab, stepId, options) {
      calls.push({ stepId, options });
      return grade(stepId, options);
    },
  };
}

/** A watcher the test drives: `emit` plays a cluster change that produced `report`. */
export interface FakeWatch {
  watchStep: NonNullable<ConnectedCluster['watchStep']>;
  emit(report: StepReport): void;
  watching(): string[];
}

export function fakeWatch(): FakeWatch {
  const active = new Map<string, (report: StepReport) => void>();
  return {
    watchStep: (_lab, stepId, options) =>
      new Promise((resolve) => {
        active.set(stepId, options.onReport);
        options.signal?.addEventListener('abort', () => {
          active.delete(stepId);
          resolve(undefined);
        });
      }),
    emit(report) {
      active.get(report.step)?.(report);
    },
    watching: () => [...active.keys()],
  };
}

export interface FakeClusterOptions {
  grader?: Grader;
  shell?: ShellRunner;
  watch?: FakeWatch;
  rebuildStep?: ConnectedCluster['rebuildStep'];
  setupStep?: ConnectedCluster['setupStep'];
  explain?: ConnectedCluster['explain'];
}

export function fakeCluster(options: FakeClusterOptions = {}): ConnectedCluster & { closed: number } {
  const cluster = {
    closed: 0,
    target,
    grader: options.grader ?? fakeGrader((stepId) => stepReport(stepId, [])),
    shell: options.shell ?? fakeShell(),
    capabilities: async () => ({ dataPlane: true }),
    ...(options.watch ? { watchStep: options.watch.watchStep } : {}),
    ...(options.rebuildStep ? { rebuildStep: options.rebuildStep } : {}),
    ...(options.setupStep ? { setupStep: options.setupStep } : {}),
    ...(options.explain ? { explain: options.explain } : {}),
    close() {
      cluster.closed += 1;
    },
  };
  return cluster;
}

export interface ServicesOptions {
  store: ProgressStore;
  connect?: ConnectResult | (() => Promise<ConnectResult>);
  createCluster?: TuiServices['createCluster'];
  offlineShell?: ShellRunner;
  canRebuild?: boolean;
  now?: () => Date;
  contextFlag?: string;
  failingRegradeMs?: readonly number[];
  followResets?: TuiServices['followResets'];
}

export function fakeServices(options: ServicesOptions): TuiServices {
  const { store } = options;
  const connect = options.connect ?? { ok: true, cluster: fakeCluster() };
  return {
    contextName: options.contextFlag ?? 'kind-k8s-labs',
    ...(options.contextFlag ? { contextFlag: options.contextFlag } : {}),
    connect: typeof connect === 'function' ? connect : async () => connect,
    ...(options.createCluster ? { createCluster: options.createCluster } : {}),
    offlineShell: options.offlineShell ?? fakeShell(),
    progress: store,
    openLab: (id) => openFixture(store, id),
    loadSolution: async (_lab, stepId) =>
      stepId === 'expose'
        ? [{ name: 'service.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n' }]
        : [],
    canRebuild: options.canRebuild ?? true,
    ...(options.failingRegradeMs ? { failingRegradeMs: options.failingRegradeMs } : {}),
    ...(options.followResets ? { followResets: options.followResets } : {}),
    now: options.now ?? (() => new Date()),
  };
}

/** Opens the fixture lab where the stored progress says, as start.ts does. */
export function openFixture(store: ProgressStore, _id = 'tui-lab', labDir = fixtureLabDir): OpenedLab {
  const lab = loadLab(labDir);
  const progress = store.load(lab.id);
  const step = resolveStep(lab, progress, undefined);
  return { lab, vars: labVariables(lab), progress, stepIndex: lab.steps.indexOf(step) };
}

export const KEYS = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  ctrlC: '\u0003',
  down: '\u001B[B',
  up: '\u001B[A',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
};

export type Rendered = ReturnType<typeof render> & {
  text(): string;
  waitFor(expected: string | ((text: string) => boolean), timeoutMs?: number): Promise<string>;
  press(...keys: string[]): Promise<void>;
  resize(columns: number, rows: number): void;
};

/** Renders at the given terminal size; `text()` is the last frame without ANSI codes. */
export function renderTui(
  tree: ReactElement,
  size: { columns: number; rows: number } = { columns: 100, rows: 30 },
): Rendered {
  const instance = render(tree);
  const resize = (columns: number, rows: number): void => {
    Object.defineProperty(instance.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(instance.stdout, 'rows', { value: rows, configurable: true });
    instance.stdout.emit('resize');
  };
  resize(size.columns, size.rows);
  const text = (): string => stripAnsi(instance.lastFrame() ?? '');
  return {
    ...instance,
    text,
    resize,
    async waitFor(expected, timeoutMs = 3000) {
      const matches = typeof expected === 'string' ? (t: string) => t.includes(expected) : expected;
      const deadline = Date.now() + timeoutMs;
      while (!matches(text())) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${typeof expected === 'string' ? JSON.stringify(expected) : 'a condition'}; last frame:\n${text()}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return text();
    },
    async press(...keys) {
      for (const key of keys) {
        for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
        instance.stdin.write(key);
        // Let React run its effects (the input handler re-subscribes with the new state) before the next key.
        for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** Polls `condition` until it holds or the deadline passes. */
export const waitUntil = async (condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

export type LabOptions = Partial<ServicesOptions> & {
  columns?: number;
  rows?: number;
  color?: boolean;
  vars?: Record<string, string>;
  /** The fixture lab to open, by its name under test/fixtures/ (tui-lab when not given). */
  fixture?: string;
};

/** The guide on the fixture lab, with fake services and a fresh progress store (unless given). */
export function renderLab(options: LabOptions = {}) {
  const store = options.store ?? createProgressStore({ dir: tempStateDir(), warn: () => {} });
  const services: TuiServices = fakeServices({ ...options, store });
  const opened = openFixture(store, undefined, options.fixture ? fixtureLabDirOf(options.fixture) : fixtureLabDir);
  if (options.vars) opened.vars = { ...opened.vars, ...options.vars };
  const app = renderTui(
    <App services={services} start={{ kind: 'lab', opened }} theme={{ color: options.color ?? true }} />,
    {
      columns: options.columns ?? 100,
      rows: options.rows ?? 30,
    },
  );
  return { store, services, app };
}

/** What the picker lists: a broken lab, the one opened last (1 of 3 steps done), one not started. */
export const pickerChoices: LabChoice[] = [
  {
    id: 'broken-lab',
    title: 'broken-lab',
    estimatedMinutes: 0,
    steps: 0,
    done: 0,
    current: false,
    problem: '3 content problems',
  },
  {
    id: 'tui-lab',
    title: 'Terminal guide fixture',
    estimatedMinutes: 5,
    steps: 3,
    done: 1,
    at: 'Expose the pods',
    current: true,
  },
  { id: 'other', title: 'Another lab', estimatedMinutes: 40, steps: 6, done: 0, current: false },
];
