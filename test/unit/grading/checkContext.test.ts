import { describe, expect, it } from 'vitest';
import type { CheckOutcome, Need } from '../../../src/sdk/index.js';
import { createCheckContext, QUIET_MS, ReadLog } from '../../../src/core/grading/checkContext.js';
import type { SettledState } from '../../../src/core/grading/types.js';
import { parseHttpProbe } from '../../../src/core/grading/httpProbe.js';
import type { ExecResult } from '../../../src/core/ports.js';
import { FakePodExec, FakeReader, pod, service } from './fakes.js';

function context(
  options: { reader?: FakeReader; exec?: FakePodExec; timeoutMs?: number; wait?: boolean; needs?: Need[] } = {},
) {
  const reads = new ReadLog();
  const ctx = createCheckContext({
    reader: options.reader ?? new FakeReader(),
    podExec: options.exec ?? new FakePodExec(),
    vars: { namespace: 'demos' },
    signal: new AbortController().signal,
    deadline: Date.now() + (options.timeoutMs ?? 2000),
    needs: options.needs ?? ['api'],
    reads,
    wait: options.wait ?? true,
  });
  return { ctx, reads };
}

describe('CheckContext reads', () => {
  it('lists in the lab namespace by default, and everywhere with namespace "*"', async () => {
    const reader = new FakeReader().add('Pod', pod('a', {})).add('Pod', pod('b', {}, 'other'));
    const { ctx, reads } = context({ reader });
    expect((await ctx.list('Pod')).map((p) => p.metadata?.name)).toEqual(['a']);
    expect((await ctx.list('Pod', { namespace: '*' })).map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    await ctx.get('Node', 'worker', 'ignored');
    expect(reads.targets()).toEqual([{ kind: 'Pod', namespace: 'demos' }, { kind: 'Pod' }, { kind: 'Node' }]);
  });

  it('finds no pods for a Service without a selector', async () => {
    const reader = new FakeReader().add('Pod', pod('a', { app: 'web' }));
    const { ctx } = context({ reader });
    expect(await ctx.podsSelectedBy(service('headless', {}))).toEqual([]);
    expect(reader.calls).toEqual([]);
  });

  it('reads endpoint addresses from EndpointSlices, with readiness and pod names', async () => {
    const reader = new FakeReader().add('EndpointSlice', {
      metadata: { name: 'web-abc', namespace: 'demos', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      ports: [{ port: 8080 }],
      endpoints: [
        { addresses: ['10.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'web-1' } },
        { addresses: ['10.0.0.2'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'web-2' } },
        { addresses: ['10.0.0.3'] },
      ],
    });
    reader.add('EndpointSlice', {
      metadata: { name: 'db-x', namespace: 'demos', labels: { 'kubernetes.io/service-name': 'db' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.9'] }],
    });
    const { ctx } = context({ reader });
    expect(await ctx.endpointsOf('web')).toEqual([
      { ip: '10.0.0.1', ready: true, podName: 'web-1', port: 8080 },
      { ip: '10.0.0.2', ready: false, podName: 'web-2', port: 8080 },
      { ip: '10.0.0.3', ready: true, port: 8080 },
    ]);
  });
});

describe('eventually', () => {
  it('retries until the attempt passes', async () => {
    const { ctx } = context();
    let attempts = 0;
    const outcome = await ctx.eventually(async () => (++attempts < 3 ? ctx.fail(`${attempts}`) : ctx.pass('ready')), {
      intervalMs: 10,
    });
    expect(outcome).toEqual({ passed: true, message: 'ready' });
    expect(attempts).toBe(3);
  });

  it('returns the last failing outcome before the deadline instead of timing out', async () => {
    const { ctx } = context({ timeoutMs: 300 });
    const started = Date.now();
    let attempts = 0;
    const outcome: CheckOutcome = await ctx.eventually(async () => ctx.fail(`attempt ${++attempts}`), {
      intervalMs: 20,
    });
    expect(outcome.passed).toBe(false);
    expect(outcome.message).toBe(`attempt ${attempts}`);
    expect(attempts).toBeGreaterThan(3);
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('stops early enough for its slowest try so far, not only for the last one', async () => {
    const { ctx } = context({ timeoutMs: 1000 });
    const started = Date.now();
    const took: number[] = [];
    // One slow try (a busy machine), then fast ones: the next try is planned for the slow case.
    const outcome = await ctx.eventually(
      async () => {
        const ms = took.length === 0 ? 400 : 10;
        took.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
        return ctx.fail(`try ${took.length}`);
      },
      { intervalMs: 10 },
    );
    expect(outcome.passed).toBe(false);
    expect(Date.now() - started).toBeLessThanOrEqual(1000 - 400 + 50);
  });

  it('with a pod probe, ends on the last real answer, never on a try left without time for its probe', async () => {
    // A name that does not resolve fails at once; the last try used to start with too little time
    // left for a request and report "no time left" instead of what the learner needs to read.
    const exec = new FakePodExec(() => ({
      stdout: '\n000',
      stderr: 'curl: (6) Could not resolve host: web',
      exitCode: 6,
    }));
    const { ctx } = context({ exec, needs: ['api', 'data-plane'], timeoutMs: 3000 });
    const outcome = await ctx.eventually(
      async () => {
        const result = await ctx.httpGet('jumpbox', 'http://web/');
        return result.ok ? ctx.pass('answered') : ctx.fail(`failed: ${result.error}`);
      },
      { intervalMs: 20 },
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.message).not.toContain('no time left');
    expect(exec.requests.length).toBeGreaterThan(1);
  });

  it('makes a single attempt when waiting is off (watch mode)', async () => {
    const { ctx } = context({ wait: false });
    let attempts = 0;
    await ctx.eventually(async () => ctx.fail(`attempt ${++attempts}`), { intervalMs: 1 });
    expect(attempts).toBe(1);
  });
});

describe('httpGet', () => {
  it('execs curl (or wget) with the URL as an argument, never inside the script', async () => {
    const exec = new FakePodExec(() => ({ stdout: 'hello\n200', stderr: '', exitCode: 0 }));
    // Time for a whole probe: with the 2 s default, 1 ms spent before the call left less than one.
    const { ctx } = context({ exec, needs: ['api', 'data-plane'], timeoutMs: 10_000 });
    const url = 'http://web.demos/$(rm -rf /)';
    expect(await ctx.httpGet('jumpbox', url)).toEqual({ ok: true, status: 200, body: 'hello' });
    const request = exec.requests[0]!;
    expect(request).toMatchObject({ pod: 'jumpbox', namespace: 'demos' });
    expect(request.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(request.command[2]).not.toContain(url);
    expect(request.command).toContain(url);
  });

  it('ends the probe and its exec before the check deadline, so a slow last try is a failed request', async () => {
    const exec = new FakePodExec(() => ({ stdout: '\n000', stderr: 'curl: (28) timed out', exitCode: 28 }));
    const { ctx } = context({ exec, needs: ['api', 'data-plane'], timeoutMs: 4000 });
    await ctx.httpGet('jumpbox', 'http://web/', { timeoutMs: 5000 });
    const request = exec.requests[0]!;
    // 4 s left: 1 s kept back, the client gets the rest less the 2 s the exec may add.
    expect(request.timeoutMs).toBeLessThanOrEqual(3000);
    expect(request.timeoutMs).toBeGreaterThan(2900);
    expect(Number(request.command[request.command.length - 1])).toBeLessThanOrEqual(1);
  });

  it('near the deadline, a request is a failed one without running anything, never an error', async () => {
    const exec = new FakePodExec(() => ({ stdout: 'hello\n200', stderr: '', exitCode: 0 }));
    const { ctx } = context({ exec, needs: ['api', 'data-plane'], timeoutMs: 1500 });
    expect(await ctx.httpGet('jumpbox', 'http://web/')).toEqual({
      ok: false,
      status: 0,
      body: '',
      error: "no time left for a request before the check's deadline",
    });
    expect(exec.requests).toHaveLength(0);
    // A direct exec still gets the second it needs to open, or what is left.
    await ctx.exec('jumpbox', ['true']);
    expect(exec.requests[0]!.timeoutMs).toBeGreaterThanOrEqual(900);
  });

  const probe = (stdout: string, stderr: string, exitCode: number): ExecResult => ({ stdout, stderr, exitCode });
  it.each([
    ['curl 404', probe('not found\n404', '', 0), { ok: false, status: 404, body: 'not found' }],
    ['curl empty body', probe('\n204', '', 0), { ok: true, status: 204, body: '' }],
    [
      'curl DNS failure',
      probe('\n000', 'curl: (6) Could not resolve host: web.demos', 6),
      { ok: false, status: 0, body: '', error: 'could not resolve host: web.demos' },
    ],
    [
      'curl timeout',
      probe('\n000', 'curl: (28) Connection timed out after 2001 milliseconds', 28),
      { ok: false, status: 0, body: '', error: 'connection timed out after 2001 milliseconds' },
    ],
    [
      'wget 200',
      probe('<h1>hi</h1>', 'k8s-labs:wget\n  HTTP/1.1 200 OK\n  Content-Type: text/html', 0),
      { ok: true, status: 200, body: '<h1>hi</h1>' },
    ],
    [
      'wget 503',
      probe('', 'k8s-labs:wget\nwget: server returned error: HTTP/1.1 503 Service Unavailable', 1),
      { ok: false, status: 503, body: '' },
    ],
    [
      'wget refused',
      probe('', "k8s-labs:wget\nwget: can't connect to remote host (10.96.0.12): Connection refused", 1),
      { ok: false, status: 0, body: '', error: "can't connect to remote host (10.96.0.12): Connection refused" },
    ],
    [
      'no client',
      probe('', 'neither curl nor wget is installed in this container', 127),
      { ok: false, status: 0, body: '', error: 'neither curl nor wget is installed in this container' },
    ],
  ])('parses %s', (_name, result, expected) => {
    expect(parseHttpProbe(result)).toEqual(expected);
  });
});

describe('eventually with a settle probe (labs test)', () => {
  const settledContext = (states: SettledState[], options: { failFast?: boolean; timeoutMs?: number } = {}) => {
    let probes = 0;
    const settle = async (): Promise<SettledState> => states[Math.min(probes++, states.length - 1)]!;
    return createCheckContext({
      reader: new FakeReader(),
      podExec: new FakePodExec(),
      vars: { namespace: 'demos' },
      signal: new AbortController().signal,
      deadline: Date.now() + (options.timeoutMs ?? 2000),
      needs: ['api'],
      reads: new ReadLog(),
      wait: true,
      settle,
      failFast: options.failFast ?? false,
    });
  };
  const converging: SettledState = {
    settled: false,
    since: 0,
    pending: ['pod stray is not Ready yet (Pending) in demos'],
  };
  const settledAt = (since: number): SettledState => ({ settled: true, since, pending: [] });

  it('does not pass on a state still converging: it waits and judges the settled one', async () => {
    const since = Date.now();
    // Two probes per attempt: converging twice, then settled and unchanged.
    const ctx = settledContext([converging, converging, settledAt(since)]);
    let attempts = 0;
    const outcome = await ctx.eventually(async () => (++attempts === 1 ? ctx.pass('transient') : ctx.fail('settled')), {
      intervalMs: 1,
    });
    // The first attempt passed on a converging state; later ones, on the settled state, fail.
    expect(outcome).toEqual({ passed: false, message: 'settled' });
  });

  it('fails when it only ever passed while the state was converging', async () => {
    const ctx = settledContext([converging], { timeoutMs: 400 });
    const outcome = await ctx.eventually(async () => ctx.pass('transient'), { intervalMs: 5 });
    expect(outcome).toEqual({
      passed: false,
      message: 'passed only while the state was still converging: pod stray is not Ready yet (Pending) in demos',
    });
  });

  it('ends an expected failure once the settled state has been quiet for QUIET_MS, not at the deadline', async () => {
    const ctx = settledContext([settledAt(Date.now() - QUIET_MS)], { failFast: true, timeoutMs: 30_000 });
    const started = Date.now();
    let attempts = 0;
    const outcome = await ctx.eventually(async () => ctx.fail(`attempt ${++attempts}`), { intervalMs: 1 });
    expect(outcome).toEqual({ passed: false, message: 'attempt 1' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits the quiet time a check asks for before a failure on a settled state is final', async () => {
    const ctx = settledContext([settledAt(Date.now())], { failFast: true, timeoutMs: 30_000 });
    const started = Date.now();
    let attempts = 0;
    const outcome = await ctx.eventually(async () => ctx.fail(`attempt ${++attempts}`), {
      intervalMs: 20,
      quietMs: 600,
    });
    expect(outcome.passed).toBe(false);
    expect(attempts).toBeGreaterThan(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps waiting on a failure that is not expected, even on a settled state', async () => {
    const ctx = settledContext([settledAt(Date.now() - QUIET_MS)], { timeoutMs: 2000 });
    let attempts = 0;
    const outcome = await ctx.eventually(async () => (++attempts < 3 ? ctx.fail('not yet') : ctx.pass('ready')), {
      intervalMs: 1,
    });
    expect(outcome).toEqual({ passed: true, message: 'ready' });
  });
});
