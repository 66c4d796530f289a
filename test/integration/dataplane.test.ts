/**
 * The data plane of the test cluster, for real: pods on two real nodes, DNS from CoreDNS, a
 * ClusterIP Service spreading requests over replicas from either node, the `kubernetes` Service
 * from a pod with a verified certificate, kubectl exec/logs/port-forward through the kubelets, and
 * pod exec through @kubernetes/client-node against a real kubelet (exit codes, stderr, timeouts,
 * a missing container, a pod that is not running, a missing pods/exec permission).
 * Needs K8S_LABS_TEST_KUBECONFIG pointing at a cluster with real nodes (test/cluster/up.sh).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClusterSession, openCluster } from '../../src/adapters/connect.js';
import { detectCapabilities } from '../../src/adapters/kube/capabilities.js';
import { dataPlaneSkipReason, TEST_CONTEXT } from '../helpers/dataPlane.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
const CONTEXT = TEST_CONTEXT;
const skipWhy = dataPlaneSkipReason(kubeconfig);
if (skipWhy) console.warn(`SKIPPED test/integration/dataplane.test.ts: ${skipWhy}`);

const NS = `labs-dataplane-it-${process.pid}`;

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: ${NS}}
spec:
  replicas: 3
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: echo}}}
      containers:
        - name: whoami
          image: traefik/whoami:v1.11.0
          env: [{name: WHOAMI_PORT_NUMBER, value: "8080"}]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /health, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: client-0, namespace: ${NS}}
spec:
  nodeName: node-0
  containers: [{name: jumpbox, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata: {name: client-1, namespace: ${NS}}
spec:
  nodeName: node-1
  containers: [{name: jumpbox, image: nginx:1.27}, {name: second, image: busybox:1.37.0, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: never-runs, namespace: ${NS}}
spec:
  containers: [{name: app, image: "example.invalid/not-here:1", imagePullPolicy: Never}]
`;

const service = `
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: ${NS}}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: http}]
`;

describe.skipIf(Boolean(skipWhy))('the test cluster has a real data plane', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let session: ClusterSession;

  const kubectl = async (args: string[], stdin?: string, timeoutMs = 60_000) => {
    const result = await session.kubectl.run(args, { timeoutMs, ...(stdin ? { input: stdin } : {}) });
    return result;
  };
  const ok = async (args: string[], stdin?: string, timeoutMs?: number): Promise<string> => {
    const result = await kubectl(args, stdin, timeoutMs);
    expect(result.exitCode, `kubectl ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  const curlFrom = (pod: string, url: string) =>
    session.podExec.exec({ namespace: NS, pod, command: ['curl', '-sS', '-m', '3', url], timeoutMs: 10_000 });

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'labs-dataplane-it-'));
    env = { ...process.env, KUBECONFIG: kubeconfig, K8S_LABS_CONTEXT: CONTEXT, K8S_LABS_STATE_DIR: stateDir };
    session = await openCluster({ env });
    await ok(['create', 'namespace', NS]);
    await ok(['apply', '-f', '-'], manifests);
    await ok(['-n', NS, 'rollout', 'status', 'deployment/echo', '--timeout=120s'], undefined, 130_000);
    await ok(
      ['-n', NS, 'wait', '--for=condition=Ready', 'pod/client-0', 'pod/client-1', '--timeout=120s'],
      undefined,
      130_000,
    );
  }, 300_000);

  afterAll(async () => {
    if (session) {
      await kubectl(['delete', 'namespace', NS, '--wait=false']);
      session.close();
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('two real nodes are Ready and the capability probe reports a data plane', async () => {
    const ready = await ok([
      'get',
      'nodes',
      '-l',
      'k8s-labs.test/node=real',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}',
    ]);
    expect(ready.trim().split(' ').sort()).toEqual(['node-0=True', 'node-1=True']);
    expect(await detectCapabilities(session.reader, {})).toEqual({ dataPlane: true });
    const spread = await ok(['-n', NS, 'get', 'pods', '-l', 'app=echo', '-o', 'jsonpath={.items[*].spec.nodeName}']);
    expect(new Set(spread.split(' '))).toEqual(new Set(['node-0', 'node-1']));
  });

  test('a Service name does not resolve before the Service exists, then spreads requests from both nodes', async () => {
    for (const pod of ['client-0', 'client-1']) {
      const before = await curlFrom(pod, 'http://echo/');
      expect(before.exitCode, before.stderr).toBe(6); // curl: could not resolve host
      expect(before.stderr).toContain('Could not resolve host: echo');
    }
    await ok(['apply', '-f', '-'], service);
    // CoreDNS caches the earlier "no such name" for up to its TTL (30 s, as kind's Corefile).
    const deadline = Date.now() + 60_000;
    let first = await curlFrom('client-0', 'http://echo/');
    while (first.exitCode !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      first = await curlFrom('client-0', 'http://echo/');
    }
    expect(first.exitCode, first.stderr).toBe(0);
    for (const pod of ['client-0', 'client-1']) {
      const names = new Set<string>();
      for (let i = 0; i < 20 && names.size < 2; i++) {
        const answer = await curlFrom(pod, 'http://echo.' + NS + '.svc.cluster.local/');
        expect(answer.exitCode, answer.stderr).toBe(0);
        names.add(/^Hostname: (\S+)/m.exec(answer.stdout)?.[1] ?? '');
      }
      expect(names.size, `answers seen from ${pod}: ${[...names].join(', ')}`).toBeGreaterThanOrEqual(2);
      for (const name of names) expect(name).toMatch(/^echo-/);
    }
  }, 120_000);

  test('the kubernetes Service reaches the API server from a pod, with a certificate that covers it', async () => {
    const result = await session.podExec.exec({
      namespace: NS,
      pod: 'client-0',
      command: [
        'curl',
        '-sS',
        '-m',
        '5',
        '--cacert',
        '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
        'https://kubernetes.default.svc/version',
      ],
      timeoutMs: 15_000,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ gitVersion: 'v1.37.2' });
  });

  test('kubectl exec, logs and port-forward work through the kubelets', async () => {
    expect(await ok(['-n', NS, 'exec', 'client-1', '-c', 'second', '--', 'echo', 'hello'])).toBe('hello');
    expect(await ok(['-n', NS, 'logs', 'deployment/echo'])).toContain('Starting up on port 8080');
    const port = 20000 + Math.floor(Math.random() * 10000);
    const forward = session.kubectl.run(['-n', NS, 'port-forward', 'deployment/echo', `${port}:8080`], {
      timeoutMs: 8_000,
    });
    let body = '';
    for (let i = 0; i < 40 && !body; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      body = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.text(),
        () => '',
      );
    }
    expect(body).toMatch(/^Hostname: echo-/m);
    await forward;
  }, 30_000);

  describe('pod exec (our WebSocket client on ws) against a real kubelet', () => {
    test('stdout, stderr and exit codes', async () => {
      const result = await session.podExec.exec({
        namespace: NS,
        pod: 'client-1',
        container: 'second',
        command: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
        timeoutMs: 10_000,
      });
      expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
      const zero = await session.podExec.exec({ namespace: NS, pod: 'client-0', command: ['true'], timeoutMs: 10_000 });
      expect(zero.exitCode).toBe(0);
    });

    test('a command that outlives its timeout is an error, and it is stopped in the container', async () => {
      const started = Date.now();
      await expect(
        session.podExec.exec({
          namespace: NS,
          pod: 'client-1',
          container: 'second',
          command: ['sleep', '31'],
          timeoutMs: 1500,
        }),
      ).rejects.toThrow(/^`sleep 31` in pod client-1 .* did not finish within 1500 ms; it was stopped$/);
      expect(Date.now() - started).toBeLessThan(8000);
      // The kubelet leaves an exec'd process running when the stream closes; ours is gone.
      const ps = await session.podExec.exec({
        namespace: NS,
        pod: 'client-1',
        container: 'second',
        command: ['ps', '-o', 'args'],
        timeoutMs: 10_000,
      });
      expect(ps.stdout).toContain('sleep 3600');
      expect(ps.stdout).not.toContain('sleep 31');
    });

    test('a missing container and a pod that is not running are errors that say so', async () => {
      await expect(
        session.podExec.exec({
          namespace: NS,
          pod: 'client-0',
          container: 'nope',
          command: ['true'],
          timeoutMs: 10_000,
        }),
      ).rejects.toThrow('pod client-0 has no container "nope" (its containers: jumpbox)');
      await expect(
        session.podExec.exec({ namespace: NS, pod: 'never-runs', command: ['true'], timeoutMs: 10_000 }),
      ).rejects.toThrow(/pod never-runs is not running yet \(phase Pending, container app: ErrImageNeverPull\)/);
      await expect(
        session.podExec.exec({ namespace: NS, pod: 'no-such-pod', command: ['true'], timeoutMs: 10_000 }),
      ).rejects.toThrow(/pod no-such-pod does not exist/);
    });

    test('without pods/exec permission the error names the verbs to grant', async () => {
      await ok(['-n', NS, 'create', 'serviceaccount', 'reader']);
      await ok(['-n', NS, 'create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods']);
      await ok(['-n', NS, 'create', 'rolebinding', 'reader', '--role=pod-reader', `--serviceaccount=${NS}:reader`]);
      const token = (await ok(['-n', NS, 'create', 'token', 'reader', '--duration=10m'])).trim();
      const server = session.target.server;
      const file = path.join(stateDir, 'reader.kubeconfig');
      const admin = execFileSync(
        'kubectl',
        [
          '--kubeconfig',
          kubeconfig!,
          'config',
          'view',
          '--raw',
          '--minify',
          '-o',
          'jsonpath={.clusters[0].cluster.certificate-authority-data}',
        ],
        { encoding: 'utf8' },
      );
      writeFileSync(
        file,
        `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", certificate-authority-data: ${admin}}}]
users: [{name: reader, user: {token: ${token}}}]
contexts: [{name: reader, context: {cluster: c, user: reader, namespace: ${NS}}}]
current-context: reader
`,
        { mode: 0o600 },
      );
      const limited = await openCluster({
        env: {
          ...env,
          KUBECONFIG: file,
          K8S_LABS_CONTEXT: 'reader',
          K8S_LABS_STATE_DIR: path.join(stateDir, 'reader'),
        },
        context: 'reader',
      });
      try {
        await expect(
          limited.podExec.exec({ namespace: NS, pod: 'client-0', command: ['true'], timeoutMs: 10_000 }),
        ).rejects.toThrow(/exec needs both `get` and `create` on pods\/exec/);
      } finally {
        limited.close();
      }
    });
  });
});
