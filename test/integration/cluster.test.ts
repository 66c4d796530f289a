/**
 * The cluster adapters against a real API server: the test cluster of test/cluster (real nodes,
 * or KWOK nodes only with K8S_LABS_TESTCLUSTER_DATAPLANE=0). Needs K8S_LABS_TEST_KUBECONFIG; reported as skipped without it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClusterSession, openCluster } from '../../src/adapters/connect.js';
import type { WatchEvent } from '../../src/core/ports.js';
import { isUserError } from '../../src/errors.js';
import { realNodeCount } from '../helpers/dataPlane.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig) {
  console.warn(
    'SKIPPED test/integration/cluster.test.ts: K8S_LABS_TEST_KUBECONFIG is not set (start the test cluster with `bash test/cluster/up.sh`)',
  );
}

const CONTEXT = 'k8s-labs-test';
const NAMESPACE = `labs-cluster-it-${process.pid}`;

describe.skipIf(!kubeconfig)('cluster adapters against a real API server', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let session: ClusterSession;

  const kubectl = async (...args: string[]): Promise<string> => {
    const result = await session.kubectl.run(args, { timeoutMs: 30_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'labs-cluster-it-'));
    env = { ...process.env, KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: CONTEXT, K8S_LABS_STATE_DIR: stateDir };
    session = await openCluster({ env });
    await kubectl('create', 'namespace', NAMESPACE);
  });

  afterAll(async () => {
    if (session) {
      await session.kubectl.run(['delete', 'namespace', NAMESPACE, '--wait=false'], { timeoutMs: 30_000 });
      session.close();
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('pins the session to the chosen context and writes a kubeconfig holding only it', () => {
    expect(session.target.context).toBe(CONTEXT);
    expect(session.target.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const pinned = yaml.load(readFileSync(session.target.kubeconfigPath, 'utf8')) as {
      contexts: { name: string }[];
      'current-context': string;
    };
    expect(pinned.contexts.map((context) => context.name)).toEqual([CONTEXT]);
    expect(pinned['current-context']).toBe(CONTEXT);
  });

  test('get and list read typed objects; a missing object is undefined', async () => {
    const nodes = await session.reader.list('Node');
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes[0]?.kind).toBe('Node');
    const namespace = await session.reader.get('Namespace', NAMESPACE);
    expect(namespace?.metadata?.name).toBe(NAMESPACE);
    expect(await session.reader.get('Service', 'no-such-service', NAMESPACE)).toBeUndefined();
    const kubernetes = await session.reader.get('Service', 'kubernetes', 'default');
    expect(kubernetes?.spec?.ports?.[0]?.port).toBe(443);
  });

  test('list filters by label selector', async () => {
    await kubectl('-n', NAMESPACE, 'create', 'configmap', 'labelled', '--from-literal=a=b');
    await kubectl('-n', NAMESPACE, 'label', 'configmap', 'labelled', 'app=echo');
    await kubectl('-n', NAMESPACE, 'create', 'configmap', 'plain', '--from-literal=a=b');
    const labelled = await session.reader.list('ConfigMap', { namespace: NAMESPACE, labelSelector: 'app=echo' });
    expect(labelled.map((item) => item.metadata?.name)).toEqual(['labelled']);
    const all = await session.reader.list('ConfigMap', { namespace: NAMESPACE });
    expect(all.map((item) => item.metadata?.name)).toEqual(expect.arrayContaining(['labelled', 'plain']));
  });

  test('watch reports a ConfigMap and a Service created through kubectl within a second', async () => {
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    const seen = (kind: string, name: string, type: string) =>
      events.some((e) => e.kind === kind && e.name === name && e.type === type);
    const watching = session.reader.watch(
      [
        { kind: 'ConfigMap', namespace: NAMESPACE },
        { kind: 'Service', namespace: NAMESPACE },
      ],
      (event) => events.push(event),
      controller.signal,
    );
    // The watch starts with a list; give it time to open its streams.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kubectl('-n', NAMESPACE, 'create', 'configmap', 'watched', '--from-literal=x=1');
    const created = performance.now();
    await expect.poll(() => seen('ConfigMap', 'watched', 'ADDED'), { timeout: 1000, interval: 20 }).toBe(true);
    expect(performance.now() - created).toBeLessThan(1000);
    await kubectl('-n', NAMESPACE, 'create', 'service', 'clusterip', 'watched-svc', '--tcp=80:8080');
    await expect.poll(() => seen('Service', 'watched-svc', 'ADDED'), { timeout: 1000, interval: 20 }).toBe(true);
    await kubectl('-n', NAMESPACE, 'delete', 'configmap', 'watched');
    await expect.poll(() => seen('ConfigMap', 'watched', 'DELETED'), { timeout: 1000, interval: 20 }).toBe(true);
    expect(events.find((e) => e.name === 'watched-svc')).toMatchObject({ kind: 'Service', namespace: NAMESPACE });
    controller.abort();
    await expect(watching).resolves.toBeUndefined();
  });

  test('kubectl runs with the context forced and streams its lines', async () => {
    const lines: string[] = [];
    const result = await session.kubectl.run(['config', 'current-context'], { onLine: (line) => lines.push(line) });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual([CONTEXT]);
    const failed = await session.kubectl.run(['get', 'pod', 'no-such-pod', '-n', NAMESPACE]);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toMatch(/not found/);
  });

  test('lab shell blocks see only the pinned context, with variables as environment', async () => {
    const result = await session.shell.runBlock(
      'kubectl config get-contexts -o name\necho "ns=$NAMESPACE ctx=$K8S_LABS_CONTEXT"\nkubectl get namespace "$NAMESPACE" -o name',
      {
        env: { NAMESPACE },
      },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual([CONTEXT, `ns=${NAMESPACE} ctx=${CONTEXT}`, `namespace/${NAMESPACE}`]);
  });

  test('a learner command naming another context cannot reach it', async () => {
    const result = await session.shell.runBlock('kubectl --context production get pods');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/context was not found|does not exist|production/);
  });

  test('capabilities report a data plane on real nodes, and none on KWOK nodes only', async () => {
    const capabilities = await session.capabilities();
    if (realNodeCount(kubeconfig) > 0) {
      expect(capabilities).toEqual({ dataPlane: true });
    } else {
      expect(capabilities.dataPlane).toBe(false);
      expect(capabilities.reason).toMatch(/KWOK/);
    }
    expect(await session.capabilities()).toBe(capabilities);
  });

  test('a rejected token is an environment error about credentials', async () => {
    const doc = yaml.load(readFileSync(kubeconfig!, 'utf8')) as { users: { user: Record<string, unknown> }[] };
    doc.users[0]!.user = { token: 'not-a-valid-token' };
    const file = path.join(stateDir, 'bad-token.yaml');
    writeFileSync(file, yaml.dump(doc));
    const bad = await openCluster({ env: { ...env, KUBECONFIG: file } });
    try {
      const error = await bad.reader.list('Node').catch((caught: unknown) => caught);
      expect(isUserError(error)).toBe(true);
      expect((error as Error).message).toMatch(/rejected the credentials/);
    } finally {
      bad.close();
    }
  });
});
