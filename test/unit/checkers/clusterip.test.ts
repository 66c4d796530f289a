import { describe, expect, it } from 'vitest';
import type { Check, CheckContext } from 'k8s-labs/sdk';
import type { FakeCluster } from './fakeCluster.js';
import { fakeContext } from './fakeContext.js';
import { applyFixture, clusterAfter, clusterBefore, grade, loadChecker, loadFixtures, loadLab } from './labHarness.js';
import { describeLabContract } from './labContract.js';

describeLabContract({
  lab: 'clusterip',
  answers: {
    'cluster-ip-now': 'none',
    'answering-pods': '3',
    'kubernetes-target-port': '6443/TCP',
    'kubernetes-label-count': '2',
    'kubernetes-port': '443',
    'echo-container-port': '8080',
  },
});

const t = loadLab('clusterip');
const fixture = (name: string) => {
  const found = loadFixtures(t).find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found.fixture;
};
const withFixture = (name: string) => {
  const f = fixture(name);
  const cluster = clusterBefore(t, f.step);
  applyFixture(cluster, f);
  return cluster;
};

describe('clusterip: what the learner reads', () => {
  it.each([
    [
      'selector-matches-pods/selector-typo.yaml',
      'selector-matches-pods',
      /selects 0 pods: its selector app=echo-frontnd matches no pod in demos/,
    ],
    [
      'selector-matches-pods/stray-label-on-jumpbox.yaml',
      'selector-matches-pods',
      /also picks jumpbox: it carries app=echo-frontend but no workload runs it/,
    ],
    [
      'selector-matches-pods/labels-instead-of-selector.yaml',
      'selector-matches-pods',
      /has no selector.*sit under metadata\.labels/,
    ],
    [
      'target-port-reaches-pods/target-port-omitted.yaml',
      'target-port-reaches-pods',
      /targetPort 80 does not match .* listens on 8080 \(named http\)/,
    ],
    ['target-port-reaches-pods/wrong-port-name.yaml', 'target-port-reaches-pods', /targetPort web does not match/],
    [
      'service-is-clusterip/type-nodeport.yaml',
      'service-is-clusterip',
      /is of type NodePort; this step asks for ClusterIP/,
    ],
    ['service-is-clusterip/type-loadbalancer.yaml', 'service-is-clusterip', /is of type LoadBalancer/],
    [
      'service-is-clusterip/wrong-namespace.yaml',
      'service-is-clusterip',
      /no Service echo-frontend in namespace demos; there is one in demos-elsewhere/,
    ],
    [
      'endpoints-ready/replicas-pending.yaml',
      'endpoints-ready',
      /0 of 3 ready endpoints: .* is Pending: cannot be scheduled/,
    ],
    [
      'endpoints-ready/scaled-to-one.yaml',
      'endpoints-ready',
      /Deployment echo-frontend asks for 1 replica, so echo-frontend cannot reach the 3 endpoints/,
    ],
    [
      'endpoints-ready/scaled-to-one.yaml',
      'selector-matches-pods',
      /there is 1 pod among the echo-frontend pods, not 3/,
    ],
    [
      'jumpbox-running/in-other-namespace.yaml',
      'jumpbox-running',
      /no pod jumpbox in namespace demos, but there is one in demos-elsewhere/,
    ],
    [
      'jumpbox-running/wrong-image.yaml',
      'jumpbox-running',
      /runs the image traefik\/whoami:v1\.11\.0; this lab needs an nginx image/,
    ],
    [
      'replicas-share-traffic/one-replica.yaml',
      'replicas-share-traffic',
      /has 1 ready endpoint, so at most one pod can answer/,
    ],
    ['no-service-yet/service-exists.yaml', 'no-service-yet', /already exists \(cluster IP 10\.96\./],
    ['lab-cleaned-up/jumpbox-left.yaml', 'lab-cleaned-up', /Still there in namespace demos: Pod jumpbox/],
  ])('%s: %s says what is wrong', async (name, checkId, message) => {
    const result = await grade(t, withFixture(name), checkId);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(message);
  });

  it('counts everything in a namespace being deleted as gone, before the namespace controller starts', async () => {
    const cluster = clusterBefore(t, 'clean-up');
    const namespace = cluster.get('Namespace', 'demos')!;
    cluster.apply({
      ...namespace,
      kind: 'Namespace',
      metadata: { ...namespace.metadata, deletionTimestamp: new Date() },
    });
    const result = await grade(t, cluster, 'lab-cleaned-up');
    expect(result).toMatchObject({ passed: true, message: expect.stringMatching(/Namespace demos is being deleted/) });
  });

  it('grades what is left when the namespace may not be read (a workshop attendee)', async () => {
    const cluster = clusterBefore(t, 'clean-up');
    const checker = await loadChecker(t, 'lab-cleaned-up');
    const ctx = fakeContext(cluster, { namespace: t.namespace });
    const refusing: CheckContext = {
      ...ctx,
      get: ((kind, name, namespace) =>
        kind === 'Namespace'
          ? Promise.reject(new Error('namespaces "demos" is forbidden'))
          : ctx.get(kind, name, namespace)) as CheckContext['get'],
    };
    if (!('run' in checker)) throw new Error('lab-cleaned-up is a check');
    const result = await checker.run(refusing);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/Still there in namespace demos: Service echo-frontend, Deployment echo-frontend/);
  });

  it('blames a stray label on the jumpbox, not the replica count', async () => {
    const result = await grade(
      t,
      withFixture('selector-matches-pods/stray-label-on-jumpbox.yaml'),
      'selector-matches-pods',
    );
    expect(result.hint).toBe('Take the label off: kubectl label pod jumpbox app- -n demos');
    expect(`${result.message} ${result.hint}`).not.toMatch(/replica/);
  });

  it('names the answering pods when traffic spreads', async () => {
    const result = await grade(t, clusterAfter(t, 'loop'), 'replicas-share-traffic');
    expect(result.message).toMatch(
      /^24 of 24 requests were answered by 3 different pods: echo-frontend-\S+, echo-frontend-\S+ and echo-frontend-\S+\.$/,
    );
  });

  it('accepts a Service made with kubectl expose (named targetPort, labels copied)', async () => {
    const cluster = clusterBefore(t, 'create-service');
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo-frontend', namespace: 'demos', labels: { app: 'echo-frontend' } },
      spec: { selector: { app: 'echo-frontend' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    for (const id of [
      'service-is-clusterip',
      'service-port',
      'target-port-reaches-pods',
      'selector-matches-pods',
      'endpoints-ready',
      'curl-succeeds',
    ]) {
      expect({ id, ...(await grade(t, cluster, id)) }).toMatchObject({ id, passed: true });
    }
  });
});

describe('clusterip: targetPort judged from the pod spec', () => {
  /** The state before create-service, with containers that declare no ports (declaring is optional). */
  const withoutDeclaredPorts = () => {
    const cluster = clusterBefore(t, 'create-service');
    const deployment = cluster.get('Deployment', 'echo-frontend', 'demos')!;
    delete deployment.spec!.template.spec!.containers[0]!.ports;
    cluster.apply({ ...deployment, kind: 'Deployment' } as never);
    return cluster;
  };
  const service = (targetPort: number | string) => ({
    kind: 'Service',
    metadata: { name: 'echo-frontend', namespace: 'demos' },
    spec: { selector: { app: 'echo-frontend' }, ports: [{ port: 80, targetPort }] },
  });

  it('does not fail a correct numeric targetPort when the containers declare no ports, and says it could not verify it', async () => {
    const cluster = withoutDeclaredPorts();
    cluster.apply(service(8080));
    const result = await grade(t, cluster, 'target-port-reaches-pods');
    expect(result).toMatchObject({ passed: true });
    expect(result.message).toBe(
      'Port 80 forwards to targetPort 8080. The selected containers declare no ports, so whether they listen on 8080 could not be verified from the spec.',
    );
  });

  it('still needs a named targetPort to match a declared port name', async () => {
    const cluster = withoutDeclaredPorts();
    cluster.apply(service('http'));
    const result = await grade(t, cluster, 'target-port-reaches-pods');
    expect(result).toMatchObject({ passed: false });
    expect(result.message).toMatch(
      /^targetPort http does not match the containers: echo-frontend-\S+ listens on no declared port\.$/,
    );
  });

  it('still rejects a numeric targetPort that no declared port has', async () => {
    const cluster = clusterBefore(t, 'create-service');
    cluster.apply(service(9090));
    expect((await grade(t, cluster, 'target-port-reaches-pods')).message).toMatch(
      /^targetPort 9090 does not match .* listens on 8080 \(named http\)\.$/,
    );
  });
});

describe('clusterip: name-does-not-resolve wants a DNS failure, not any failure', () => {
  const run = async (cluster: FakeCluster, httpGet?: CheckContext['httpGet']) => {
    const checker = (await loadChecker(t, 'name-does-not-resolve')) as Check;
    const ctx = fakeContext(cluster, { namespace: 'demos', needs: ['data-plane'], vars: t.vars });
    return checker.run(httpGet ? { ...ctx, httpGet } : ctx);
  };

  it('passes when the name does not resolve', async () => {
    expect(await run(clusterBefore(t, 'failing-curl'))).toEqual({
      passed: true,
      message:
        'curl http://echo-frontend.demos.svc.cluster.local fails as expected: could not resolve host: echo-frontend.demos.svc.cluster.local.',
    });
  });

  it.each([
    ['a timeout', 'connection timed out after 5001 milliseconds'],
    ['a refused connection', 'failed to connect to echo-frontend.demos.svc.cluster.local port 80: connection refused'],
    ['a jumpbox without curl', 'neither curl nor wget is installed in this container'],
  ])('does not pass on %s', async (_what, error) => {
    const result = await run(clusterBefore(t, 'failing-curl'), async () => ({ ok: false, status: 0, body: '', error }));
    expect(result.passed).toBe(false);
    expect(result.message).toBe(
      `curl http://echo-frontend.demos.svc.cluster.local failed, but not because the name is unknown: ${error}. ` +
        'Only a DNS failure ("Could not resolve host") shows that no Service by that name exists yet.',
    );
  });

  it("accepts wget's words for the same DNS failure", async () => {
    const error = "bad address 'echo-frontend.demos.svc.cluster.local'";
    expect(
      (await run(clusterBefore(t, 'failing-curl'), async () => ({ ok: false, status: 0, body: '', error }))).passed,
    ).toBe(true);
  });

  it('does not pass when the Service answers, even with an error status', async () => {
    const result = await run(clusterBefore(t, 'failing-curl'), async () => ({ ok: false, status: 503, body: '' }));
    expect(result).toMatchObject({
      passed: false,
      message: expect.stringContaining('already gets an answer (HTTP 503)'),
    });
  });
});

describe('clusterip: expected answers come from the cluster', () => {
  it('reads the kubernetes Service as it is, not as kind sets it up', async () => {
    const cluster = clusterAfter(t, 'loop');
    cluster.apply({
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes', extra: 'yes' },
      },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 7443 }] },
    });
    expect((await grade(t, cluster, 'kubernetes-target-port', '7443')).passed).toBe(true);
    expect((await grade(t, cluster, 'kubernetes-target-port', '6443')).passed).toBe(false);
    expect((await grade(t, cluster, 'kubernetes-label-count', '3')).expected).toBe(3);
  });

  it('gives the cluster IP once the Service exists, and none before', async () => {
    expect((await grade(t, clusterBefore(t, 'create-service'), 'cluster-ip-now')).expected).toBe('none');
    const after = clusterAfter(t, 'create-service');
    const ip = after.get('Service', 'echo-frontend', 'demos')?.spec?.clusterIP;
    expect((await grade(t, after, 'cluster-ip-now')).expected).toBe(ip);
  });

  it('follows the namespace variable', async () => {
    const other = loadLab('clusterip', { namespace: 'team-a' });
    const cluster = clusterAfter(other, 'create-service');
    expect(cluster.get('Service', 'echo-frontend', 'team-a')).toBeDefined();
    expect((await grade(other, cluster, 'endpoints-ready')).passed).toBe(true);
    expect((await grade(other, cluster, 'curl-succeeds')).message).toMatch(
      /echo-frontend\.team-a\.svc\.cluster\.local/,
    );
  });
});
