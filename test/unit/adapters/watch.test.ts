/** Watches over HTTP streaming against a stand-in API server: events, resume, 410 re-list, failures. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CredentialSource } from '../../../src/adapters/kube/credentials.js';
import { createTransport, type KubeTransport } from '../../../src/adapters/kube/transport.js';
import { watchKinds, type WatchTiming } from '../../../src/adapters/kube/watch.js';
import type { WatchEvent } from '../../../src/core/ports.js';
import { type FakeApiServer, startFakeApiServer, statusBody } from '../../fixtures/fake-bin/fakeApiServer.js';

const credentials: CredentialSource = {
  refreshable: false,
  get: async () => ({ headers: {}, tls: { rejectUnauthorized: true }, key: 'k' }),
  invalidate: () => undefined,
};
const fast: WatchTiming = { initialBackoffMs: 20, maxBackoffMs: 50, giveUpAfterMs: 400 };
const CONFIGMAPS = '/api/v1/namespaces/lab/configmaps';
const SERVICES = '/api/v1/namespaces/lab/services';

let api: FakeApiServer;
let transport: KubeTransport;
let controller: AbortController;
let events: WatchEvent[];

const summary = (): string[] => events.map((event) => `${event.type} ${event.kind} ${event.name}`);
const watch = () =>
  watchKinds(
    transport,
    [
      { kind: 'ConfigMap', namespace: 'lab' },
      { kind: 'Service', namespace: 'lab' },
      { kind: 'ConfigMap', namespace: 'lab' },
    ],
    (event) => events.push(event),
    controller.signal,
    fast,
  );
const watchRequests = (): number => api.requests.filter((request) => request.url.includes('watch=true')).length;

beforeEach(async () => {
  api = await startFakeApiServer();
  api.put(CONFIGMAPS, { metadata: { name: 'existing', namespace: 'lab' } });
  api.collections.set(SERVICES, []);
  transport = createTransport({ server: api.url, context: 'ctx', nextStep: 'next' }, credentials);
  controller = new AbortController();
  events = [];
});

afterEach(async () => {
  controller.abort();
  transport.close();
  await api.close();
});

describe('watchKinds', () => {
  test('reports changes after the initial list (not the listed objects) and resolves on abort', async () => {
    const running = watch();
    await expect.poll(watchRequests).toBe(2);
    const watchUrl = api.requests.find(
      (request) => request.url.startsWith(CONFIGMAPS) && request.url.includes('watch=true'),
    )?.url;
    expect(watchUrl).toBe(`${CONFIGMAPS}?watch=true&allowWatchBookmarks=true&resourceVersion=101`);
    api.put(CONFIGMAPS, { metadata: { name: 'new', namespace: 'lab' } });
    api.put(SERVICES, { metadata: { name: 'web', namespace: 'lab' } });
    api.put(CONFIGMAPS, { metadata: { name: 'new', namespace: 'lab' } });
    api.remove(CONFIGMAPS, 'existing');
    await expect.poll(() => events.length).toBe(4);
    expect(summary()).toEqual(
      expect.arrayContaining([
        'ADDED ConfigMap new',
        'ADDED Service web',
        'MODIFIED ConfigMap new',
        'DELETED ConfigMap existing',
      ]),
    );
    expect(events[0]).toMatchObject({ namespace: 'lab' });
    controller.abort();
    await expect(running).resolves.toBeUndefined();
  });

  test('resumes from the last resourceVersion when the stream ends', async () => {
    const running = watch();
    await expect.poll(watchRequests).toBe(2);
    api.put(CONFIGMAPS, { metadata: { name: 'a', namespace: 'lab' } });
    await expect.poll(() => events.length).toBe(1);
    const version = api.resourceVersion();
    api.dropWatches();
    await expect.poll(watchRequests).toBe(4);
    expect(
      api.requests.some(
        (request) => request.url === `${CONFIGMAPS}?watch=true&allowWatchBookmarks=true&resourceVersion=${version}`,
      ),
    ).toBe(true);
    api.put(CONFIGMAPS, { metadata: { name: 'b', namespace: 'lab' } });
    await expect.poll(summary).toContain('ADDED ConfigMap b');
    controller.abort();
    await running;
  });

  test('410 Gone: re-lists and reports what changed in between', async () => {
    const running = watch();
    await expect.poll(watchRequests).toBe(2);
    // Changes the watch does not see, then the server forgets the version.
    api.dropWatches();
    api.collections.set(CONFIGMAPS, [{ metadata: { name: 'fresh', namespace: 'lab', resourceVersion: '900' } }]);
    let expired = 0;
    api.route(/configmaps\?watch=true.*resourceVersion=101$/, (_request, response) => {
      expired += 1;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        `${JSON.stringify({ type: 'ERROR', object: statusBody(410, 'too old resource version', 'Expired') })}\n`,
      );
    });
    await expect.poll(summary).toEqual(expect.arrayContaining(['ADDED ConfigMap fresh', 'DELETED ConfigMap existing']));
    // This server keeps expiring version 101: the watch backs off instead of spinning.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(expired).toBeLessThan(10);
    controller.abort();
    await running;
  });

  test('a forbidden watch rejects at once with the permission error', async () => {
    api.route(/services\?watch=true/, (_request, response) => {
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(statusBody(403, 'services is forbidden', 'Forbidden')));
    });
    await expect(watch()).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringContaining('not allowed to read services in namespace lab'),
    });
  });

  test('a failing initial list rejects: the watch cannot be established', async () => {
    api.route(/services$/, (_request, response) => {
      response.writeHead(500);
      response.end('boom');
    });
    await expect(watch()).rejects.toThrow(/answered 500 while reading services in namespace lab/);
  });

  test('a server that stays down is given up after the configured time', async () => {
    const running = watch();
    await expect.poll(watchRequests).toBe(2);
    const started = performance.now();
    await api.close();
    await expect(running).rejects.toMatchObject({
      kind: 'environment',
      message: expect.stringContaining('cannot reach the Kubernetes API server'),
    });
    expect(performance.now() - started).toBeLessThan(3000);
    api = await startFakeApiServer();
  });
});
