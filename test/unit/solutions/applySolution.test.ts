import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/errors.js';
import { isApplyFailure } from '../../../src/core/labTest/types.js';
import { applySolution } from '../../../src/adapters/solutions/applySolution.js';
import { type Call, failed, fakeSession, labOnDisk, ok } from './fakeRunners.js';

const vars = { namespace: 'alice', jumpboxName: 'jb' };
const namespaceLookup = (call: Call) => call.tool === 'api' && call.args[0] === 'get' && call.args[1] === 'namespace';

describe('applySolution', () => {
  it("creates only the lab's own namespace, not the spare ones fixtures use", async () => {
    const lab = labOnDisk(
      { scene: { 'pod.yaml': 'kind: Pod\nmetadata:\n  name: p\n' } },
      { namespaces: ['{{namespace}}-elsewhere', '{{namespace}}'] },
    );
    const session = fakeSession((call) => (call.args[0] === 'apply' ? ok('applied\n') : undefined));
    await applySolution(session, lab, 'scene', vars);
    expect(session.calls.map((call) => [call.tool, ...call.args.slice(0, 3)].join(' '))).toEqual([
      'api get namespace alice',
      'kubectl apply -f -',
      'kubectl apply -f -',
    ]);
    expect(session.calls[1]!.input).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "alice"\n');
  });

  it('creates the missing namespace, applies manifests in file-name order with variables, then solve.sh, then answers', async () => {
    const lab = labOnDisk({
      scene: {
        '20-service.yaml': 'kind: Service\nmetadata:\n  namespace: {{namespace}}\n',
        '10-pod.yaml': 'kind: Pod\nmetadata:\n  name: {{jumpboxName}}\n',
        'solve.sh': 'kubectl wait pod/{{jumpboxName}} -n "$NAMESPACE"\n',
        'answers.yaml':
          'ip:\n  command: kubectl get pod {{jumpboxName}} -o jsonpath={.status.podIP}\nport:\n  value: 80\n',
        'README.txt': 'not applied',
      },
    });
    const session = fakeSession((call) => {
      if (call.tool === 'shell' && call.args[0]!.includes('jsonpath')) return ok('10.244.0.7\n');
      if (call.args[0] === 'apply') return ok(`${/kind: (\w+)/.exec(call.input ?? '')?.[1]} applied\n`);
      return call.tool === 'shell' ? ok('pod/jb condition met\n') : undefined;
    });
    const lines: string[] = [];
    const answers = await applySolution(session, lab, 'scene', vars, { onLine: (line) => lines.push(line) });

    expect(answers).toEqual({ ip: '10.244.0.7', port: '80' });
    expect(session.calls.map((call) => [call.tool, ...call.args.slice(0, 3)].join(' '))).toEqual([
      'api get namespace alice',
      'kubectl apply -f -',
      'kubectl apply -f -',
      'kubectl apply -f -',
      'shell kubectl wait pod/jb -n "$NAMESPACE"\n',
      'shell kubectl get pod jb -o jsonpath={.status.podIP}',
    ]);
    expect(session.calls[1]!.input).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "alice"\n');
    expect(session.calls[2]!.input).toBe('kind: Pod\nmetadata:\n  name: jb\n');
    expect(session.calls[3]!.input).toBe('kind: Service\nmetadata:\n  namespace: alice\n');
    expect(session.calls[4]).toMatchObject({
      env: { NAMESPACE: 'alice', JUMPBOX_NAME: 'jb', JUMPBOXNAME: 'jb' },
      cwd: `${lab.root}/solutions/disk-lab/scene`,
    });
    // kubectl and solve.sh output streams; answer commands do not.
    expect(lines).toEqual(['Namespace applied', 'Pod applied', 'Service applied', 'pod/jb condition met']);
  });

  it('does not create a namespace that exists', async () => {
    const lab = labOnDisk({ s: { 'a.yaml': 'kind: ConfigMap\n' } });
    const session = fakeSession((call) => (namespaceLookup(call) ? ok('namespace/alice\n') : undefined));
    await applySolution(session, lab, 's', vars);
    expect(session.calls.map((call) => call.args.slice(0, 2).join(' '))).toEqual(['get namespace', 'apply -f']);
    expect(session.calls.map((call) => call.tool)).toEqual(['api', 'kubectl']);
  });

  it('keeps kubectl stderr in the error when a manifest is refused', async () => {
    const lab = labOnDisk({ s: { 'a.yaml': 'kind: Service\n' } });
    const session = fakeSession((call) =>
      call.args[0] === 'apply' && call.input === 'kind: Service\n'
        ? failed('Warning: something harmless\nThe Service "web" is invalid: spec.ports: Required value\n')
        : undefined,
    );
    const error = await applySolution(session, lab, 's', vars).catch((caught: unknown) => caught);
    expect(isApplyFailure(error)).toBe(true);
    expect((error as Error).message).toBe(
      `kubectl apply of solutions/disk-lab/s/a.yaml failed:\nThe Service "web" is invalid: spec.ports: Required value`,
    );
    expect((error as { stderr: string }).stderr).toContain('Warning: something harmless');
  });

  it('tells an unreachable cluster apart from refused content', async () => {
    const lab = labOnDisk({ s: { 'a.yaml': 'kind: Service\n' } });
    const session = fakeSession(() =>
      failed('Unable to connect to the server: dial tcp 127.0.0.1:6443: connect: connection refused'),
    );
    const error = await applySolution(session, lab, 's', vars).catch((caught: unknown) => caught);
    expect(isApplyFailure(error)).toBe(false);
    expect(isUserError(error) && error.kind).toBe('environment');
    expect((error as Error).message).toContain('the cluster cannot be reached');
  });

  it('fails when solve.sh fails, naming the script', async () => {
    const lab = labOnDisk({ s: { 'solve.sh': 'exit 3' } });
    const session = fakeSession((call) => (call.tool === 'shell' ? failed('boom', 3) : undefined));
    await expect(applySolution(session, lab, 's', vars)).rejects.toThrow('solutions/disk-lab/s/solve.sh failed:\nboom');
  });

  it('refuses a step without a solution folder as an input error', async () => {
    const lab = labOnDisk({ s: { 'a.yaml': '' } });
    const error = await applySolution(fakeSession(), lab, 'missing', vars).catch((caught: unknown) => caught);
    expect(isUserError(error) && error.kind).toBe('input');
  });
});

describe('reference answers from commands', () => {
  it('retries a command that prints nothing yet, then takes its answer', async () => {
    const lab = labOnDisk({ s: { 'answers.yaml': 'ip:\n  command: kubectl get pod x -o jsonpath={.status.podIP}\n' } });
    let asked = 0;
    const session = fakeSession((call) =>
      call.tool === 'shell' ? ok(++asked < 3 ? '' : '10.0.0.3') : ok('namespace/alice'),
    );
    expect(await applySolution(session, lab, 's', vars, { emptyAnswerRetryMs: 1000 })).toEqual({ ip: '10.0.0.3' });
    expect(asked).toBe(3);
  });

  it('gives up on a command that never prints an answer', async () => {
    const lab = labOnDisk({ s: { 'answers.yaml': 'ip:\n  command: kubectl get pod x -o name\n' } });
    const session = fakeSession((call) => (call.tool === 'shell' ? ok('') : ok('namespace/alice')));
    await expect(applySolution(session, lab, 's', vars, { emptyAnswerRetryMs: 50 })).rejects.toThrow(
      'the answer command for "ip" printed nothing: kubectl get pod x -o name',
    );
  });
});
