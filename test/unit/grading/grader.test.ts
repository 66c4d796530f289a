import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Check, Question } from '../../../src/sdk/index.js';
import { createGrader, NOT_ANSWERED } from '../../../src/core/grading/grader.js';
import { environmentError, UserError } from '../../../src/errors.js';
import type { ClusterCapabilities } from '../../../src/core/ports.js';
import { FakePodExec, FakeReader, loaderOf, makeLab, pod, service } from './fakes.js';

const vars = { namespace: 'demos' };
const noDataPlane = async (): Promise<ClusterCapabilities> => ({
  dataPlane: false,
  reason: 'every node is a KWOK fake node',
});

function grader(
  checkers: Record<string, Check | Question>,
  reader = new FakeReader(),
  capabilities: () => Promise<ClusterCapabilities> = noDataPlane,
) {
  return createGrader({ reader, podExec: new FakePodExec(), capabilities, loadChecker: loaderOf(checkers) });
}

const serviceExists: Check = {
  title: 'Service web exists in {{namespace}}',
  async run(ctx) {
    const found = await ctx.get('Service', 'web');
    return found ? ctx.pass('found') : ctx.fail('there is no Service "web" yet', 'try kubectl expose');
  },
};

describe('createGrader', () => {
  afterEach(() => vi.useRealTimers());

  it('reports pass and fail with messages, the check hint first and the step hint otherwise', async () => {
    const reader = new FakeReader().add('Service', service('web', { type: 'ClusterIP', ports: [{ port: 80 }] }));
    const isNodePort: Check = { title: 'web is a NodePort', run: async (ctx) => ctx.fail('it is a ClusterIP') };
    const lab = makeLab([{ id: 'one', checks: ['exists', 'node-port'] }]);
    const report = await grader({ exists: serviceExists, 'node-port': isNodePort }, reader).gradeStep(lab, 'one', {
      answers: {},
      vars,
      stepHint: 'look at spec.type',
    });
    expect(report.status).toBe('failed');
    expect(report.checks.map((c) => [c.id, c.title, c.status, c.message, c.hint])).toEqual([
      ['exists', 'Service web exists in demos', 'pass', 'found', undefined],
      ['node-port', 'web is a NodePort', 'fail', 'it is a ClusterIP', 'look at spec.type'],
    ]);
    const missing = await grader({ exists: serviceExists, 'node-port': isNodePort }).gradeStep(lab, 'one', {
      answers: {},
      vars,
      stepHint: 'step hint',
    });
    expect(missing.checks[0]).toMatchObject({ status: 'fail', hint: 'try kubectl expose' });
  });

  it('passes a step whose checks all pass, and records what they read', async () => {
    const reader = new FakeReader()
      .add('Service', service('web', { selector: { app: 'web' } }))
      .add('Pod', pod('web-1', { app: 'web' }))
      .add('Pod', pod('other', { app: 'db' }));
    const selects: Check = {
      title: 'selects one pod',
      async run(ctx) {
        const svc = await ctx.get('Service', 'web');
        const pods = await ctx.podsSelectedBy(svc!);
        return pods.length === 1 ? ctx.pass('1 pod') : ctx.fail(`${pods.length} pods`);
      },
    };
    const report = await grader({ exists: serviceExists, selects }, reader).gradeStep(
      makeLab([{ id: 's', checks: ['exists', 'selects'] }]),
      's',
      { answers: {}, vars },
    );
    expect(report.status).toBe('passed');
    expect(report.reads).toEqual([
      { kind: 'Service', namespace: 'demos' },
      { kind: 'Pod', namespace: 'demos' },
    ]);
    expect(reader.calls).toContain('list Pod demos app=web');
  });

  it('sends identical reads made at the same time once, and gives each check its own copy', async () => {
    const reader = new FakeReader().add('Service', service('web', { type: 'ClusterIP' }));
    const edits: Check = {
      title: 'edits what it read',
      async run(ctx) {
        const svc = await ctx.get('Service', 'web');
        svc!.spec!.type = 'NodePort';
        return ctx.pass('edited');
      },
    };
    const isClusterIp: Check = {
      title: 'ClusterIP',
      run: async (ctx) =>
        (await ctx.get('Service', 'web'))?.spec?.type === 'ClusterIP' ? ctx.pass('yes') : ctx.fail('no'),
    };
    const report = await grader({ a: serviceExists, b: edits, c: isClusterIp }, reader).gradeStep(
      makeLab([{ id: 's', checks: ['a', 'b', 'c'] }]),
      's',
      { answers: {}, vars },
    );
    expect(report.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
    expect(reader.calls).toEqual(['get Service demos/web']);
    // A later run reads again.
    await grader({ a: serviceExists }, reader).gradeStep(makeLab([{ id: 's', checks: ['a'] }]), 's', {
      answers: {},
      vars,
    });
    expect(reader.calls).toHaveLength(2);
  });

  it('reports a thrown Error as an error with its message, never as a failure', async () => {
    const crashes: Check = {
      title: 'crashes',
      run: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'spec')");
      },
    };
    const report = await grader({ crashes }).gradeStep(makeLab([{ id: 's', checks: ['crashes'] }]), 's', {
      answers: {},
      vars,
    });
    expect(report.status).toBe('error');
    expect(report.checks[0]).toMatchObject({
      status: 'error',
      errorKind: 'checker',
      message: "the checker failed: Cannot read properties of undefined (reading 'spec')",
    });
    expect(report.checks[0]!.hint).toBeUndefined();
  });

  it('reports an unreachable cluster as an environment error with the next step', async () => {
    const reader = new FakeReader();
    reader.failWith = environmentError(
      'cannot reach the Kubernetes API server https://127.0.0.1:1: connection refused',
      'run `labs cluster up`',
    );
    const report = await grader({ exists: serviceExists }, reader).gradeStep(
      makeLab([{ id: 's', checks: ['exists'] }]),
      's',
      { answers: {}, vars },
    );
    expect(report.checks[0]).toMatchObject({
      status: 'error',
      errorKind: 'environment',
      message: 'cannot reach the Kubernetes API server https://127.0.0.1:1: connection refused',
      next: 'run `labs cluster up`',
    });
  });

  it('turns a checker that never returns into "timed out after 10 s" by default', async () => {
    vi.useFakeTimers();
    const hangs: Check = { title: 'hangs', run: () => new Promise(() => {}) };
    const pending = grader({ hangs }).gradeStep(makeLab([{ id: 's', checks: ['hangs'] }]), 's', { answers: {}, vars });
    await vi.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const report = await pending;
    expect(report.checks[0]).toMatchObject({ status: 'error', errorKind: 'timeout', message: 'timed out after 10 s' });
  });

  it('honours a check timeout, aborts its signal, and still reports the other checks', async () => {
    let aborted = false;
    const slow: Check = {
      title: 'slow',
      timeoutMs: 50,
      run: (ctx) => new Promise(() => ctx.signal.addEventListener('abort', () => (aborted = true))),
    };
    const report = await grader({ slow, exists: serviceExists }).gradeStep(
      makeLab([{ id: 's', checks: ['slow', 'exists'] }]),
      's',
      { answers: {}, vars },
    );
    expect(report.checks.map((c) => c.status)).toEqual(['error', 'fail']);
    expect(report.checks[0]!.message).toBe('timed out after 0.05 s');
    expect(aborted).toBe(true);
  });

  it('stops every check when the caller aborts, without listener warnings for many checks', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): number => warnings.push(warning);
    process.on('warning', onWarning);
    const waits: Check = {
      title: 'waits',
      run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(ctx.fail('stopped')))),
    };
    const ids = Array.from({ length: 15 }, (_, i) => `c${i}`);
    const controller = new AbortController();
    const pending = grader(Object.fromEntries(ids.map((id) => [id, waits]))).gradeStep(
      makeLab([{ id: 's', checks: ids }]),
      's',
      { answers: {}, vars, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('interrupted')), 20);
    const report = await pending;
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(new Set(report.checks.map((c) => `${c.status}: ${c.message}`))).toEqual(new Set(['error: interrupted']));
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('runs checks in parallel', async () => {
    const wait = (ms: number): Check => ({
      title: `waits ${ms}`,
      run: (ctx) => new Promise((r) => setTimeout(() => r(ctx.pass('ok')), ms)),
    });
    const started = Date.now();
    const report = await grader({ a: wait(150), b: wait(150), c: wait(150) }).gradeStep(
      makeLab([{ id: 's', checks: ['a', 'b', 'c'] }]),
      's',
      { answers: {}, vars },
    );
    expect(report.status).toBe('passed');
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('skips data-plane checks on a cluster without a data plane, and asks only when needed', async () => {
    const capabilities = vi.fn(noDataPlane);
    const curl: Check = {
      title: 'reachable over HTTP',
      needs: ['api', 'data-plane'],
      run: async (ctx) => ctx.pass('200'),
    };
    const lab = makeLab([
      { id: 'api', checks: ['exists'] },
      { id: 'traffic', checks: ['curl'] },
    ]);
    const g = grader({ exists: serviceExists, curl }, new FakeReader(), capabilities);
    await g.gradeStep(lab, 'api', { answers: {}, vars });
    expect(capabilities).not.toHaveBeenCalled();
    const report = await g.gradeStep(lab, 'traffic', { answers: {}, vars });
    expect(report.status).toBe('incomplete');
    expect(report.checks[0]).toMatchObject({
      status: 'skipped',
      message: 'needs a data plane: every node is a KWOK fake node',
    });
    const withDataPlane = grader({ curl }, new FakeReader(), async () => ({ dataPlane: true }));
    expect((await withDataPlane.gradeStep(lab, 'traffic', { answers: {}, vars })).status).toBe('passed');
  });

  it('refuses exec from a check that did not declare the data plane', async () => {
    const sneaky: Check = {
      title: 'execs',
      run: async (ctx) => ((await ctx.exec('p', ['true'])).exitCode === 0 ? ctx.pass('ok') : ctx.fail('no')),
    };
    const report = await grader({ sneaky }, new FakeReader(), async () => ({ dataPlane: true })).gradeStep(
      makeLab([{ id: 's', checks: ['sneaky'] }]),
      's',
      { answers: {}, vars },
    );
    expect(report.checks[0]).toMatchObject({ status: 'error', errorKind: 'checker' });
    expect(report.checks[0]!.message).toContain("needs: ['data-plane']");
  });

  it('reports a malformed outcome as a checker error', async () => {
    const bad = { title: 'bad', run: async () => ({ ok: true }) } as unknown as Check;
    const report = await grader({ bad }).gradeStep(makeLab([{ id: 's', checks: ['bad'] }]), 's', { answers: {}, vars });
    expect(report.checks[0]).toMatchObject({ status: 'error', errorKind: 'checker' });
    expect(report.checks[0]!.message).toMatch(/run\(\) returned an object, not \{ passed, message \}/);
  });

  describe('questions', () => {
    const targetPort: Question = {
      async expected(ctx) {
        const svc = await ctx.get('Service', 'kubernetes', 'default');
        return String(svc?.spec?.ports?.[0]?.targetPort ?? '');
      },
    };
    const reader = () =>
      new FakeReader().add('Service', service('kubernetes', { ports: [{ port: 443, targetPort: 6443 }] }, 'default'));
    const lab = makeLab([
      {
        id: 'q',
        questions: [{ id: 'target-port', prompt: 'What is the targetPort of the kubernetes Service?', answer: 'port' }],
      },
    ]);

    it('fails an unanswered question with "not answered yet"', async () => {
      const report = await grader({ 'target-port': targetPort }, reader()).gradeStep(lab, 'q', { answers: {}, vars });
      expect(report.checks[0]).toMatchObject({
        kind: 'question',
        status: 'fail',
        message: NOT_ANSWERED,
        title: 'What is the targetPort of the kubernetes Service?',
      });
    });

    it('passes a right answer compared against the live value, normalised', async () => {
      const report = await grader({ 'target-port': targetPort }, reader()).gradeStep(lab, 'q', {
        answers: { 'target-port': ' 6443/TCP ' },
        vars,
      });
      expect(report.checks[0]).toMatchObject({ status: 'pass', message: '"6443/TCP" is right' });
    });

    it('fails a wrong answer without revealing the expected value', async () => {
      const report = await grader({ 'target-port': targetPort }, reader()).gradeStep(lab, 'q', {
        answers: { 'target-port': '443' },
        vars,
      });
      expect(report.checks[0]!.status).toBe('fail');
      expect(JSON.stringify(report)).not.toContain('6443');
    });

    it('grades only the asked question', async () => {
      const both = makeLab([
        { id: 'q', checks: ['exists'], questions: [{ id: 'target-port', prompt: 'p', answer: 'port' }] },
      ]);
      const report = await grader({ 'target-port': targetPort, exists: serviceExists }, reader()).gradeStep(both, 'q', {
        answers: { 'target-port': '6443' },
        vars,
        only: ['target-port'],
      });
      expect(report.checks.map((c) => c.id)).toEqual(['target-port']);
      await expect(grader({}, reader()).gradeStep(both, 'q', { answers: {}, vars, only: ['nope'] })).rejects.toThrow(
        'has no check or question "nope"',
      );
    });
  });

  it('rejects with an input error when a step lists a question file under checks', async () => {
    const question: Question = { expected: async () => 'x' };
    const error = await grader({ wrong: question })
      .gradeStep(makeLab([{ id: 's', checks: ['wrong'] }]), 's', { answers: {}, vars })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      kind: 'input',
      message: 'checkers/demo/wrong is a Question, but the step lists it under checks',
    });
  });

  it('rejects an unknown step as an input error', async () => {
    await expect(grader({}).gradeStep(makeLab([{ id: 's' }]), 'nope', { answers: {}, vars })).rejects.toMatchObject({
      kind: 'input',
    });
  });
});

describe('checks with parameters', () => {
  const params = { name: { type: 'string' }, port: { type: 'port' } } as const;
  const serviceOnPort: Check<typeof params> = {
    params,
    title: 'Service {{name}} listens on {{port}}',
    async run(ctx) {
      const found = await ctx.get('Service', ctx.params.name);
      const port: number = ctx.params.port;
      return found?.spec?.ports?.some((p) => p.port === port)
        ? ctx.pass(`${ctx.params.name} on ${port}`)
        : ctx.fail(`${ctx.params.name} is not on ${port}`);
    },
  };
  const lab = makeLab([
    {
      id: 'one',
      checks: ['web-port', 'api-port'],
      checkUses: {
        'web-port': { use: 'service-on-port', with: { name: 'web', port: 80 } },
        'api-port': { use: 'service-on-port', with: { name: 'api', port: '{{apiPort}}' } },
      },
    },
  ]);

  it('runs one check file under two ids with their own typed arguments', async () => {
    const reader = new FakeReader()
      .add('Service', service('web', { ports: [{ port: 80 }] }))
      .add('Service', service('api', { ports: [{ port: 8080 }] }));
    const loaded: string[] = [];
    const load = loaderOf({ 'service-on-port': serviceOnPort as unknown as Check });
    const report = await createGrader({
      reader,
      podExec: new FakePodExec(),
      capabilities: noDataPlane,
      loadChecker: async (l, id) => (loaded.push(id), load(l, id)),
    }).gradeStep(lab, 'one', { answers: {}, vars: { ...vars, apiPort: '9090' } });
    expect(loaded).toEqual(['service-on-port', 'service-on-port']);
    expect(report.checks.map((c) => [c.id, c.title, c.status, c.message])).toEqual([
      ['web-port', 'Service web listens on 80', 'pass', 'web on 80'],
      ['api-port', 'Service api listens on 9090', 'fail', 'api is not on 9090'],
    ]);
  });

  it('stops the run with an input error naming the check when an argument is missing', async () => {
    const broken = makeLab([
      { id: 'one', checks: ['web-port'], checkUses: { 'web-port': { use: 'service-on-port', with: { name: 'web' } } } },
    ]);
    const run = grader({ 'service-on-port': serviceOnPort as unknown as Check }).gradeStep(broken, 'one', {
      answers: {},
      vars,
    });
    await expect(run).rejects.toThrow(
      'check "web-port" of step "one" (checkers/demo/service-on-port): param "port" is missing',
    );
  });
});
