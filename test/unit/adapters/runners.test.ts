/** kubectl and lab-shell runners: the context is forced on every call. */
import { describe, expect, test } from 'vitest';
import { detectCapabilities } from '../../../src/adapters/kube/capabilities.js';
import { createKubectlRunner } from '../../../src/adapters/kube/kubectl.js';
import { createShellRunner, variablesAsEnv } from '../../../src/adapters/kube/shell.js';
import { CommandNotFoundError, type ProcessOptions, runProcess } from '../../../src/adapters/process/run.js';
import type { ClusterReader, ClusterTarget, RunResult } from '../../../src/core/ports.js';

const target: ClusterTarget = {
  context: 'kind-k8s-labs',
  server: 'https://127.0.0.1:6443',
  kubeconfigPath: '/state/kubeconfig/kind-k8s-labs.yaml',
};
const result = (over: Partial<RunResult> = {}): RunResult => ({
  exitCode: 0,
  stdout: '',
  stderr: '',
  timedOut: false,
  aborted: false,
  durationMs: 1,
  ...over,
});

function recorder(answer: RunResult | Error = result()) {
  const calls: { file: string; args: readonly string[]; options: ProcessOptions }[] = [];
  const run = async (file: string, args: readonly string[], options: ProcessOptions = {}): Promise<RunResult> => {
    calls.push({ file, args, options });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { run, calls };
}

/** Sets in-cluster service-account variables in this process (as inside a pod) for one test. */
async function insidePod<T>(body: () => Promise<T>): Promise<T> {
  process.env['KUBERNETES_SERVICE_HOST'] = '10.96.0.1';
  process.env['KUBERNETES_SERVICE_PORT'] = '443';
  try {
    return await body();
  } finally {
    delete process.env['KUBERNETES_SERVICE_HOST'];
    delete process.env['KUBERNETES_SERVICE_PORT'];
  }
}

const PRINT_IN_CLUSTER_ENV = 'echo "${KUBERNETES_SERVICE_HOST-unset}|${KUBERNETES_SERVICE_PORT-unset}|$KUBECONFIG"';

describe('kubectl runner', () => {
  test('passes --context first and forces KUBECONFIG, whatever the caller sets', async () => {
    const { run, calls } = recorder();
    const signal = new AbortController().signal;
    await createKubectlRunner(target, run).run(['get', 'pods', '-n', 'lab'], {
      env: { KUBECONFIG: '/home/me/.kube/config', EXTRA: '1' },
      signal,
      timeoutMs: 5,
    });
    expect(calls[0]!.file).toBe('kubectl');
    expect(calls[0]!.args).toEqual(['--context', 'kind-k8s-labs', 'get', 'pods', '-n', 'lab']);
    expect(calls[0]!.options.env).toEqual({
      KUBECONFIG: target.kubeconfigPath,
      K8S_LABS_CONTEXT: 'kind-k8s-labs',
      EXTRA: '1',
    });
    expect(calls[0]!.options.signal).toBe(signal);
    expect(calls[0]!.options.timeoutMs).toBe(5);
  });

  test('removes the in-cluster variables, inherited or given, so kubectl cannot fall back to a service account', async () => {
    const { run, calls } = recorder();
    await createKubectlRunner(target, run).run(['get', 'pods']);
    expect(calls[0]!.options.unsetEnv).toEqual(['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']);
    // Through the real process runner: a stand-in "kubectl" prints what it got.
    const printEnv = (_file: string, _args: readonly string[], options?: ProcessOptions): Promise<RunResult> =>
      runProcess('bash', ['-c', PRINT_IN_CLUSTER_ENV], options);
    const outcome = await insidePod(() =>
      createKubectlRunner(target, printEnv).run(['version'], { env: { KUBERNETES_SERVICE_HOST: '10.0.0.9' } }),
    );
    expect(outcome.stdout).toBe(`unset|unset|${target.kubeconfigPath}`);
  });

  test("keeps a failing command's stderr and exit code for the caller to show", async () => {
    const { run } = recorder(result({ exitCode: 1, stderr: 'Error from server (NotFound): pods "x" not found' }));
    const outcome = await createKubectlRunner(target, run).run(['get', 'pod', 'x']);
    expect(outcome).toMatchObject({ exitCode: 1, stderr: 'Error from server (NotFound): pods "x" not found' });
  });

  test('a missing kubectl is an environment error with the install hint', async () => {
    const { run } = recorder(new CommandNotFoundError('kubectl'));
    await expect(createKubectlRunner(target, run).run(['version'])).rejects.toMatchObject({
      kind: 'environment',
      message: 'kubectl is not installed (or not on PATH)',
      nextStep: expect.stringContaining('kubectl'),
    });
  });
});

describe('shell runner (real bash)', () => {
  const shell = createShellRunner(target, runProcess);

  test('forces KUBECONFIG and K8S_LABS_CONTEXT and exports lab variables in upper case', async () => {
    const outcome = await shell.runBlock('echo "$KUBECONFIG|$K8S_LABS_CONTEXT|$NAMESPACE"', {
      env: { ...variablesAsEnv({ namespace: 'alice' }), KUBECONFIG: '/elsewhere' },
    });
    expect(outcome.stdout).toBe(`${target.kubeconfigPath}|kind-k8s-labs|alice`);
  });

  test('removes the in-cluster variables, inherited or given', async () => {
    const outcome = await insidePod(() =>
      shell.runBlock(PRINT_IN_CLUSTER_ENV, { env: { KUBERNETES_SERVICE_PORT: '6443' } }),
    );
    expect(outcome.stdout).toBe(`unset|unset|${target.kubeconfigPath}`);
  });

  test('runs multi-line blocks with pipefail and streams lines', async () => {
    const lines: string[] = [];
    const outcome = await shell.runBlock('for i in 1 2 3; do\n  echo "try $i"\ndone\nfalse | cat', {
      onLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['try 1', 'try 2', 'try 3']);
    expect(outcome.exitCode).toBe(1);
  });

  test('a bounded curl-style loop is stopped by its timeout', async () => {
    const outcome = await shell.runBlock('while true; do echo tick; sleep 0.05; done', { timeoutMs: 300 });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.stdout).toContain('tick');
  });
});

describe('detectCapabilities', () => {
  const readerWith = (annotations: Record<string, string>[]): ClusterReader =>
    ({
      target,
      list: async () => annotations.map((a, i) => ({ metadata: { name: `n${i}`, annotations: a } })),
    }) as unknown as ClusterReader;

  test('no data plane only when every node is a KWOK fake node', async () => {
    const fake = { 'kwok.x-k8s.io/node': 'fake' };
    expect((await detectCapabilities(readerWith([fake, fake]), {})).dataPlane).toBe(false);
    expect((await detectCapabilities(readerWith([fake, {}]), {})).dataPlane).toBe(true);
    expect((await detectCapabilities(readerWith([]), {})).dataPlane).toBe(true);
    expect((await detectCapabilities(readerWith([fake]), { K8S_LABS_DATA_PLANE: 'on' })).dataPlane).toBe(true);
  });
});
