/**
 * Pod exec through @kubernetes/client-node's websocket Exec against a stand-in exec endpoint that
 * speaks the v4.channel.k8s.io protocol (channel byte + payload; status as JSON on channel 3).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPodExec, exitCodeOfStatus } from '../../../src/adapters/kube/podExec.js';
import type { ClusterReader, PodExec } from '../../../src/core/ports.js';

// `ws` comes with @kubernetes/client-node and has no type declarations installed: type the little used here.
interface ServerSocket {
  send(data: Buffer): void;
  close(): void;
  terminate(): void;
}
interface WebSocketServer {
  clients: Set<ServerSocket>;
  address(): AddressInfo | string;
  on(event: 'connection', listener: (socket: ServerSocket, request: IncomingMessage) => void): void;
  once(event: 'listening', listener: () => void): void;
  close(callback: () => void): void;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as {
  WebSocketServer: new (options: { port: number; host: string; handleProtocols: () => string }) => WebSocketServer;
};

interface Behaviour {
  stdout?: string;
  stderr?: string;
  status?: unknown;
  /** Never answer (for timeouts and aborts). */
  hang?: boolean;
}

let server: WebSocketServer;
let url: string;
let behaviour: Behaviour;
let requests: URL[];
let podExec: PodExec;

const frame = (channel: number, text: string): Buffer => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
const reader = {
  target: { context: 'lab', server: '', kubeconfigPath: '' },
  get: async (_kind: string, name: string) =>
    name === 'jumpbox' ? { metadata: { name, annotations: { 'kubectl.kubernetes.io/default-container': 'shell' } }, spec: { containers: [{ name: 'sidecar' }, { name: 'shell' }] } } : undefined,
} as unknown as ClusterReader;

function execFor(server: string): PodExec {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'labs-exec-'));
  const kubeconfigPath = path.join(dir, 'config');
  writeFileSync(
    kubeconfigPath,
    yaml.dump({
      'current-context': 'lab',
      // client-node refuses plain http unless TLS verification is off; the stand-in has no TLS.
      clusters: [{ name: 'lab', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'lab', user: { token: 't' } }],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'lab' } }],
    }),
  );
  return createPodExec({ kubeconfigPath, context: 'lab', identity: { server, context: 'lab', nextStep: 'run `labs cluster up`' }, reader });
}

beforeEach(async () => {
  behaviour = {};
  requests = [];
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'v4.channel.k8s.io' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket, request) => {
    requests.push(new URL(request.url ?? '/', url));
    if (behaviour.hang) return;
    if (behaviour.stdout) socket.send(frame(1, behaviour.stdout));
    if (behaviour.stderr) socket.send(frame(2, behaviour.stderr));
    socket.send(frame(3, JSON.stringify(behaviour.status ?? { status: 'Success' })));
    socket.close();
  });
  podExec = execFor(url);
});

afterEach(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(resolve));
});

describe('createPodExec', () => {
  test('captures stdout and stderr and exit code 0, calling the pod exec endpoint', async () => {
    behaviour = { stdout: 'hello from echo-backend\n', stderr: 'a warning\n' };
    const result = await podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['curl', '-s', 'http://echo'], timeoutMs: 5000 });
    expect(result).toEqual({ stdout: 'hello from echo-backend\n', stderr: 'a warning\n', exitCode: 0 });
    expect(requests[0]?.pathname).toBe('/api/v1/namespaces/lab/pods/jumpbox/exec');
    expect(requests[0]?.searchParams.getAll('command')).toEqual(['curl', '-s', 'http://echo']);
    expect(requests[0]?.searchParams.get('container')).toBe('shell');
  });

  test('a non-zero exit code comes from the Status details', async () => {
    behaviour = {
      stderr: 'curl: (7) Failed to connect\n',
      status: { status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code', details: { causes: [{ reason: 'ExitCode', message: '7' }] } },
    };
    const result = await podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['curl', 'x'], timeoutMs: 5000 });
    expect(result.exitCode).toBe(7);
    expect(result.stderr).toContain('Failed to connect');
  });

  test("uses the pod's default container when none is given", async () => {
    await podExec.exec({ namespace: 'lab', pod: 'jumpbox', command: ['true'], timeoutMs: 5000 });
    expect(requests[0]?.searchParams.get('container')).toBe('shell');
    await expect(podExec.exec({ namespace: 'lab', pod: 'missing', command: ['true'], timeoutMs: 5000 })).rejects.toMatchObject({
      kind: 'environment',
      message: 'pod missing does not exist in namespace lab',
    });
  });

  test('a timeout closes the socket and returns exit code 124', async () => {
    behaviour = { hang: true };
    const started = performance.now();
    const result = await podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['sleep', '60'], timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ exitCode: 124, stderr: 'timed out after 200 ms' });
  });

  test('an abort closes the socket and rejects with AbortError', async () => {
    behaviour = { hang: true };
    const controller = new AbortController();
    const pending = podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['sleep', '60'], timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('an unreachable server is an environment error naming it', async () => {
    const unreachable = execFor('http://127.0.0.1:1');
    await expect(unreachable.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['true'], timeoutMs: 5000 })).rejects.toMatchObject({
      kind: 'environment',
      message: 'cannot reach the Kubernetes API server http://127.0.0.1:1 (context lab): connection refused',
    });
  });

  test('a failure that is not an exit code (e.g. no such executable) is an environment error', async () => {
    behaviour = { status: { status: 'Failure', message: 'OCI runtime exec failed: exec: "curl": executable file not found in $PATH' } };
    await expect(podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['curl'], timeoutMs: 5000 })).rejects.toThrow(/executable file not found/);
  });
});

describe('exitCodeOfStatus', () => {
  test('maps Success, NonZeroExitCode and other failures', () => {
    expect(exitCodeOfStatus(undefined)).toBe(0);
    expect(exitCodeOfStatus({ status: 'Success' })).toBe(0);
    expect(exitCodeOfStatus({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } })).toBe(3);
    expect(exitCodeOfStatus({ status: 'Failure', reason: 'InternalError' })).toBeUndefined();
  });
});
