/** The REST reader and its transport against a stand-in API server: URLs, typing, and every failure path. */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ServerIdentity } from '../../../src/adapters/kube/apiErrors.js';
import type { CredentialSource } from '../../../src/adapters/kube/credentials.js';
import { createClusterReader } from '../../../src/adapters/kube/reader.js';
import { createTransport, type KubeTransport } from '../../../src/adapters/kube/transport.js';
import type { ClusterReader } from '../../../src/core/ports.js';
import { type FakeApiServer, startFakeApiServer, statusBody } from '../../fixtures/fake-bin/fakeApiServer.js';

const tokens = (...values: string[]): CredentialSource & { invalidations: number } => {
  const source = {
    invalidations: 0,
    refreshable: values.length > 1,
    async get() {
      return { headers: { Authorization: `Bearer ${values[0]}` }, tls: { rejectUnauthorized: true }, key: values[0]! };
    },
    invalidate() {
      source.invalidations += 1;
      values.shift();
    },
  };
  return source;
};

let api: FakeApiServer;
let transport: KubeTransport;
let reader: ClusterReader;

const open = (server: string, credentials: CredentialSource = tokens('t'), options = {}): ClusterReader => {
  const identity: ServerIdentity = { server, context: 'kind-k8s-labs', nextStep: 'run `labs cluster up`' };
  transport = createTransport(identity, credentials, options);
  return createClusterReader({ context: 'kind-k8s-labs', server, kubeconfigPath: '/pinned' }, transport);
};

beforeEach(async () => {
  api = await startFakeApiServer();
  reader = open(api.url);
});

afterEach(async () => {
  transport.close();
  await api.close();
});

describe('get and list', () => {
  test('use the KINDS table paths, fill in kind and apiVersion, and pass the label selector', async () => {
    api.put('/apis/apps/v1/namespaces/shop/deployments', {
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    });
    api.put('/apis/apps/v1/namespaces/shop/deployments', { metadata: { name: 'db', namespace: 'shop' } });
    const listed = await reader.list('Deployment', { namespace: 'shop', labelSelector: 'app=web' });
    expect(listed.map((item) => [item.kind, item.apiVersion, item.metadata?.name])).toEqual([
      ['Deployment', 'apps/v1', 'web'],
    ]);
    expect(api.requests.at(-1)?.url).toBe('/apis/apps/v1/namespaces/shop/deployments?labelSelector=app%3Dweb');
    expect((await reader.get('Deployment', 'db', 'shop'))?.metadata?.name).toBe('db');
    expect(api.requests.at(-1)?.url).toBe('/apis/apps/v1/namespaces/shop/deployments/db');
    await reader.list('EndpointSlice', { namespace: 'shop' });
    expect(api.requests.at(-1)?.url).toBe('/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices');
    api.collections.set('/api/v1/pods', []);
    await reader.list('Pod');
    expect(api.requests.at(-1)?.url).toBe('/api/v1/pods');
  });

  test('a missing object is undefined; a missing namespace lists nothing', async () => {
    api.collections.set('/api/v1/namespaces/shop/services', []);
    expect(await reader.get('Service', 'nope', 'shop')).toBeUndefined();
    expect(await reader.list('Service', { namespace: 'empty' })).toEqual([]);
  });

  test('401 and 403 become environment errors about credentials and permissions', async () => {
    api.route(/secret-ns/, (_request, response) => {
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify(statusBody(403, 'pods is forbidden: User "learner" cannot list resource "pods"', 'Forbidden')),
      );
    });
    await expect(reader.list('Pod', { namespace: 'secret-ns' })).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringContaining('not allowed to read pods in namespace secret-ns on'),
      nextStep: expect.stringContaining('read access'),
    });
    api.route(/\/api\/v1\/nodes/, (_request, response) => {
      response.writeHead(401);
      response.end(JSON.stringify(statusBody(401, 'Unauthorized')));
    });
    await expect(reader.list('Node')).rejects.toMatchObject({
      message: expect.stringContaining('rejected the credentials while reading nodes: Unauthorized'),
    });
  });

  test('a 401 with renewable credentials is retried once with fresh ones', async () => {
    const credentials = tokens('expired', 'fresh');
    reader = open(api.url, credentials);
    api.route(/\/api\/v1\/nodes/, (request, response) => {
      const fresh = request.headers.authorization === 'Bearer fresh';
      response.writeHead(fresh ? 200 : 401, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(fresh ? { items: [{ metadata: { name: 'n1' } }] } : statusBody(401, 'Unauthorized')));
    });
    expect((await reader.list('Node')).map((node) => node.metadata?.name)).toEqual(['n1']);
    expect(credentials.invalidations).toBe(1);
  });

  test('a server error names the status and the server', async () => {
    api.route(/configmaps/, (_request, response) => {
      response.writeHead(500);
      response.end('etcd is down');
    });
    await expect(reader.list('ConfigMap', { namespace: 'a' })).rejects.toThrow(
      `the API server ${api.url} (context kind-k8s-labs) answered 500 while reading configmaps in namespace a: etcd is down`,
    );
  });
});

describe('failures to reach the server', () => {
  test('connection refused names server, context and the next step, at once', async () => {
    reader = open('http://127.0.0.1:1');
    const started = performance.now();
    await expect(reader.get('Namespace', 'x')).rejects.toMatchObject({
      kind: 'environment',
      message: 'cannot reach the Kubernetes API server http://127.0.0.1:1 (context kind-k8s-labs): connection refused',
      nextStep: 'run `labs cluster up`',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a server that accepts but never answers times out', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      reader = open(`http://127.0.0.1:${port}`, tokens('t'), { requestTimeoutMs: 300 });
      await expect(reader.list('Node')).rejects.toThrow(/connection timed out/);
    } finally {
      silent.close();
    }
  });

  test('an abort rejects with an AbortError, not an environment error', async () => {
    api.route(/slow/, () => undefined);
    const controller = new AbortController();
    const pending = reader.list('Pod', { namespace: 'slow' }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('concurrent reads of one object share one request; later reads ask again; an abort leaves the others', async () => {
    api.put('/api/v1/namespaces/shop/services', { metadata: { name: 'web', namespace: 'shop' } });
    const before = api.requests.length;
    const controller = new AbortController();
    const aborted = reader.get('Service', 'web', 'shop', controller.signal);
    const abortedCheck = expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    controller.abort();
    const [first, second] = await Promise.all([
      reader.get('Service', 'web', 'shop'),
      reader.get('Service', 'web', 'shop'),
    ]);
    await abortedCheck;
    expect([first?.metadata?.name, second?.metadata?.name]).toEqual(['web', 'web']);
    expect(first).not.toBe(second);
    expect(api.requests.length - before).toBe(1);
    await reader.get('Service', 'web', 'shop');
    expect(api.requests.length - before).toBe(2);
  });

  test('a read asked for with a signal that has already fired sends nothing and rejects at once', async () => {
    api.route(/slow/, () => undefined);
    const before = api.requests.length;
    const controller = new AbortController();
    controller.abort();
    await expect(reader.get('Service', 'web', 'slow', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(api.requests.length).toBe(before);
    // Were it sent, closing the transport would fail it with nobody listening: an unhandled rejection.
    transport.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  test('a namespaced kind without a namespace is a programming error', async () => {
    await expect(reader.get('Pod', 'x')).rejects.toThrow('Pod "x" needs a namespace');
  });
});
