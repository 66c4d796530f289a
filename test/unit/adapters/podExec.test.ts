/**
 * Pod exec (our own client on `ws`) against a stand-in exec endpoint that speaks the
 * v4.channel.k8s.io protocol (channel byte + payload; status as JSON on channel 3).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPodExec, exitCodeOfStatus } from '../../../src/adapters/kube/podExec.js';
import type { ClusterReader, PodExec } from '../../../src/core/ports.js';

// `ws` has no type declarations installed: type the little used here.
interface ServerSocket {
  send(data: Buffer): void;
  close(): void;
  terminate(): void;
  /** The TCP socket underneath (a ws internal), for sending a broken frame. */
  _socket: Socket;
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
  /** Close without sending a Status. */
  noStatus?: boolean;
  /** Send a frame the client must reject (reserved opcode), which is a websocket error. */
  brokenFrame?: boolean;
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
    name === 'jumpbox'
      ? {
          metadata: { name, annotations: { 'kubectl.kubernetes.io/default-container': 'shell' } },
          spec: { containers: [{ name: 'sidecar' }, { name: 'shell' }] },
          status: {
            phase: 'Running',
            containerStatuses: [
              { name: 'sidecar', state: { running: {} } },
              { name: 'shell', state: { running: {} } },
            ],
          },
        }
      : undefined,
} as unknown as ClusterReader;

function execFor(server: string): PodExec {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'labs-exec-'));
  const kubeconfigPath = path.join(dir, 'config');
  writeFileSync(
    kubeconfigPath,
    yaml.dump({
      'current-context': 'lab',
      clusters: [{ name: 'lab', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'lab', user: { token: 't' } }],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'lab' } }],
    }),
  );
  return createPodExec({
    kubeconfigPath,
    context: 'lab',
    identity: { server, context: 'lab', nextStep: 'run `labs cluster up`' },
    reader,
  });
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
    if (behaviour.brokenFrame) {
      // A moment later, so that it is not read in the same chunk as the upgrade response.
      setTimeout(() => socket._socket.write(Buffer.from([0x8f, 0x00])), 50);
      return;
    }
    if (!behaviour.noStatus) socket.send(frame(3, JSON.stringify(behaviour.status ?? { status: 'Success' })));
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
    const result = await podExec.exec({
      namespace: 'lab',
      pod: 'jumpbox',
      container: 'shell',
      command: ['curl', '-s', 'http://echo'],
      timeoutMs: 5000,
    });
    expect(result).toEqual({ stdout: 'hello from echo-backend\n', stderr: 'a warning\n', exitCode: 0 });
    expect(requests[0]?.pathname).toBe('/api/v1/namespaces/lab/pods/jumpbox/exec');
    expect(requests[0]?.searchParams.getAll('command')).toEqual(['curl', '-s', 'http://echo']);
    expect(requests[0]?.searchParams.get('container')).toBe('shell');
  });

  test('a non-zero exit code comes from the Status details', async () => {
    behaviour = {
      stderr: 'curl: (7) Failed to connect\n',
      status: {
        status: 'Failure',
        reason: 'NonZeroExitCode',
        message: 'command terminated with non-zero exit code',
        details: { causes: [{ reason: 'ExitCode', message: '7' }] },
      },
    };
    const result = await podExec.exec({
      namespace: 'lab',
      pod: 'jumpbox',
      container: 'shell',
      command: ['curl', 'x'],
      timeoutMs: 5000,
    });
    expect(result.exitCode).toBe(7);
    expect(result.stderr).toContain('Failed to connect');
  });

  test("uses the pod's default container when none is given", async () => {
    await podExec.exec({ namespace: 'lab', pod: 'jumpbox', command: ['true'], timeoutMs: 5000 });
    expect(requests[0]?.searchParams.get('container')).toBe('shell');
    await expect(
      podExec.exec({ namespace: 'lab', pod: 'missing', command: ['true'], timeoutMs: 5000 }),
    ).rejects.toMatchObject({
      kind: 'environment',
      message: 'pod missing does not exist in namespace lab',
    });
  });

  test('a timeout closes the socket, tries to stop the command, and is an error naming it', async () => {
    behaviour = { hang: true };
    const started = performance.now();
    await expect(
      podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['sleep', '60'], timeoutMs: 200 }),
    ).rejects.toThrow(
      /^`sleep 60` in pod jumpbox \(namespace lab\) on http:\/\/127\.0\.0\.1:\d+ did not finish within 200 ms; it may still be running \(the container has no shell to stop it with\)$/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    // The second request is the attempt to stop it: a shell that kills exactly that argv.
    expect(requests).toHaveLength(2);
    expect(requests[1]!.searchParams.getAll('command').slice(0, 2)).toEqual(['sh', '-c']);
    expect(requests[1]!.searchParams.getAll('command').slice(-3)).toEqual(['k8s-labs-stop', 'sleep', '60']);
  });

  test('an abort closes the socket and rejects with AbortError', async () => {
    behaviour = { hang: true };
    const controller = new AbortController();
    const pending = podExec.exec({
      namespace: 'lab',
      pod: 'jumpbox',
      container: 'shell',
      command: ['sleep', '60'],
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a connection that closes without an exit status is an environment error, not exit code 0', async () => {
    behaviour = { stdout: 'partial output\n', noStatus: true };
    await expect(
      podExec.exec({
        namespace: 'lab',
        pod: 'jumpbox',
        container: 'shell',
        command: ['curl', 'http://echo'],
        timeoutMs: 5000,
      }),
    ).rejects.toMatchObject({
      kind: 'environment',
      message: `exec of \`curl http://echo\` in pod jumpbox (namespace lab) on ${url}: the connection closed before the command's exit status arrived`,
    });
  });

  test('a websocket error before the exit status is an environment error, not exit code 0', async () => {
    behaviour = { stdout: 'partial output\n', brokenFrame: true };
    await expect(
      podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['true'], timeoutMs: 5000 }),
    ).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringMatching(
        /^exec of `true` in pod jumpbox \(namespace lab\) on http:\/\/127\.0\.0\.1:\d+: the connection failed \(.*opcode.*\) before the command's exit status arrived$/,
      ),
    });
  });

  describe('against a server that accepts connections and never answers the upgrade', () => {
    let silent: Server;
    let silentExec: PodExec;
    const held: Socket[] = [];
    beforeEach(async () => {
      silent = createServer((socket) => {
        held.push(socket);
        // Reading lets the server notice when the client closes the connection.
        socket.resume();
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentExec = execFor(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
    });
    afterEach(async () => {
      for (const socket of held.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    test('an abort during the handshake rejects with AbortError at once', async () => {
      const controller = new AbortController();
      const started = performance.now();
      const pending = silentExec.exec({
        namespace: 'lab',
        pod: 'jumpbox',
        container: 'shell',
        command: ['true'],
        timeoutMs: 30_000,
        signal: controller.signal,
      });
      await expect.poll(() => held.length).toBe(1);
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(performance.now() - started).toBeLessThan(2000);
      await expect.poll(() => held[0]?.destroyed).toBe(true);
    });

    test('a handshake that does not finish within the timeout is an environment error', async () => {
      const started = performance.now();
      await expect(
        silentExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['true'], timeoutMs: 300 }),
      ).rejects.toMatchObject({
        kind: 'environment',
        message: expect.stringMatching(
          /^the exec connection to pod jumpbox \(namespace lab\) on http:\/\/127\.0\.0\.1:\d+ did not open within 300 ms$/,
        ),
        nextStep: 'run `labs cluster up`',
      });
      expect(performance.now() - started).toBeLessThan(2000);
      await expect.poll(() => held[0]?.destroyed).toBe(true);
    });
  });

  describe('against a server that refuses the upgrade', () => {
    let refusing: Server;
    let refusingExec: PodExec;
    let status = 403;
    beforeEach(async () => {
      // As the API server answers a user without the pods/exec permissions.
      refusing = createServer((socket) => {
        socket.once('data', () => {
          const body = JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message:
              'pods "jumpbox" is forbidden: User "learner" cannot create resource "pods/exec" in API group "" in the namespace "lab"',
            reason: 'Forbidden',
            code: status,
          });
          socket.end(
            `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Internal Server Error'}\r\nContent-Type: application/json\r\n` +
              `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          );
        });
      });
      await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
      refusingExec = execFor(`http://127.0.0.1:${(refusing.address() as AddressInfo).port}`);
    });
    afterEach(async () => {
      status = 403;
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    });

    test('403: names the get and create verbs on pods/exec that WebSocket exec needs', async () => {
      await expect(
        refusingExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['true'], timeoutMs: 5000 }),
      ).rejects.toMatchObject({
        kind: 'environment',
        message: expect.stringMatching(
          /^you may not run commands in pod jumpbox \(namespace lab\) on http:\/\/127\.0\.0\.1:\d+: exec needs both `get` and `create` on pods\/exec \(WebSocket exec asks for both since Kubernetes 1\.35\)$/,
        ),
        nextStep:
          'check with `kubectl auth can-i create pods/exec -n lab` and `kubectl auth can-i get pods/exec -n lab`; ask whoever runs the cluster to grant both',
      });
    });

    test('another refusal keeps the server response and still names both verbs', async () => {
      status = 500;
      await expect(
        refusingExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['true'], timeoutMs: 5000 }),
      ).rejects.toMatchObject({
        kind: 'environment',
        message: expect.stringMatching(/: Unexpected server response: 500$/),
        nextStep: 'the cluster needs a data plane (kind has one), and you need `get` and `create` on `pods/exec`',
      });
    });
  });

  test('an unreachable server is an environment error naming it', async () => {
    const unreachable = execFor('http://127.0.0.1:1');
    await expect(
      unreachable.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['true'], timeoutMs: 5000 }),
    ).rejects.toMatchObject({
      kind: 'environment',
      message: 'cannot reach the Kubernetes API server http://127.0.0.1:1 (context lab): connection refused',
    });
  });

  test('a failure that is not an exit code (e.g. no such executable) is an environment error', async () => {
    behaviour = {
      status: {
        status: 'Failure',
        message: 'OCI runtime exec failed: exec: "curl": executable file not found in $PATH',
      },
    };
    await expect(
      podExec.exec({ namespace: 'lab', pod: 'jumpbox', container: 'shell', command: ['curl'], timeoutMs: 5000 }),
    ).rejects.toThrow(/executable file not found/);
  });
});

describe('exitCodeOfStatus', () => {
  test('maps Success, NonZeroExitCode, other failures and a missing Status', () => {
    // No Status means the outcome is unknown (a dropped connection), never success.
    expect(exitCodeOfStatus(undefined)).toBeUndefined();
    expect(exitCodeOfStatus({ status: 'Success' })).toBe(0);
    expect(
      exitCodeOfStatus({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      }),
    ).toBe(3);
    expect(exitCodeOfStatus({ status: 'Failure', reason: 'InternalError' })).toBeUndefined();
  });
});
