import { describe, expect, it } from 'vitest';
import { clusterAfter, clusterBefore, clusterWithFixture, grade, loadFixtures, loadLab } from './labHarness.js';
import { describeLabContract } from './labContract.js';

describeLabContract({
  lab: 'services-replicaset',
  answers: {
    'db-selector': 'service=go-demo-2,type=db',
    'db-port': '27017/TCP',
    'db-target-port': '27017/TCP',
    'db-endpoints': '10.244.0.2:27017',
    'api-node-port': '30001',
    'outside-services': 'go-demo-2-api',
  },
});

const t = loadLab('services-replicaset');
const withFixture = (name: string) => clusterWithFixture(t, name);

describe('services-replicaset: what the learner reads', () => {
  it.each([
    [
      'db-service-clusterip/type-nodeport.yaml',
      'db-service-clusterip',
      /is of type NodePort; this step asks for ClusterIP\. NodePort also opens a port on every node/,
    ],
    [
      'db-service-ports/wrong-target-port.yaml',
      'db-service-ports',
      /targetPort 28017 does not match the containers: go-demo-2-db-\S+ listens on 27017/,
    ],
    [
      'db-service-selector/selector-typo.yaml',
      'db-service-selector',
      /selects 0 pods: its selector type=dbs,service=go-demo-2 matches no pod in go-demo/,
    ],
    [
      'api-uses-db-service/localhost.yaml',
      'api-uses-db-service',
      /DB=localhost only worked while the API and the database shared a pod/,
    ],
    ['api-uses-db-service/ip-address.yaml', 'api-uses-db-service', /DB=192\.0\.2\.10 is an IP address/],
    ['api-uses-db-service/ip-address.yaml', 'api-reaches-db', /could not connect to 192\.0\.2\.10:27017/],
    [
      'db-service-skips-api/broad-selector.yaml',
      'db-service-skips-api',
      /selector service=go-demo-2 also picks go-demo-2-api-\S+, go-demo-2-api-\S+ and go-demo-2-api-\S+, which are not among the database pods/,
    ],
    ['api-service-selector/selects-db-too.yaml', 'api-endpoints-ready', /4 ready endpoints, more than the 3 expected/],
    ['api-service-nodeport/type-clusterip.yaml', 'api-answers-on-node-port', /has no node port yet/],
  ])('%s: %s says what is wrong', async (name, checkId, message) => {
    const result = await grade(t, withFixture(name), checkId);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(message);
  });

  it('reaches the API through the node IP and node port', async () => {
    const result = await grade(t, clusterAfter(t, 'nodeport-api'), 'api-answers-on-node-port');
    expect(result.message).toMatch(
      /^GET http:\/\/172\.18\.0\.2:30001\/hostname \(node IP, node port\) was answered by go-demo-2-api-\S+\.$/,
    );
  });

  it('reads the endpoint from the cluster after the database pod is replaced', async () => {
    const cluster = clusterAfter(t, 'describe-db');
    const before = await grade(t, cluster, 'db-endpoints');
    const rs = cluster.get('ReplicaSet', 'go-demo-2-db', 'go-demo')!;
    cluster.delete('ReplicaSet', 'go-demo-2-db', 'go-demo');
    cluster.apply({ ...rs, kind: 'ReplicaSet', status: undefined } as never);
    const after = await grade(t, cluster, 'db-endpoints');
    expect(after.expected).not.toEqual(before.expected);
    expect(after.expected).toEqual([expect.stringMatching(/^10\.244\.0\.\d+:27017$/)]);
  });

  it('accepts the full DNS name of the database Service in DB', async () => {
    const cluster = clusterBefore(t, 'api-replicaset');
    const fixture = loadFixtures(t).find((f) => f.name === 'api-uses-db-service/localhost.yaml')!.fixture;
    const replicaSet = JSON.parse(
      JSON.stringify(fixture.apply[0]).replace('"localhost"', '"go-demo-2-db.go-demo.svc.cluster.local"'),
    );
    cluster.apply(replicaSet);
    expect((await grade(t, cluster, 'api-uses-db-service')).passed).toBe(true);
    expect((await grade(t, cluster, 'api-reaches-db')).passed).toBe(true);
  });
});

describe('services-replicaset: api-reaches-db goes through the Service', () => {
  /** The API ReplicaSet of the reference solution with DB set to `value`. */
  const apiWithDb = (value: string) => {
    const fixture = loadFixtures(t).find((f) => f.name === 'api-uses-db-service/localhost.yaml')!.fixture;
    return JSON.parse(JSON.stringify(fixture.apply[0]).replace('"localhost"', JSON.stringify(value)));
  };

  it("fails when DB holds the database pod's IP, although that connection works", async () => {
    const cluster = clusterBefore(t, 'api-replicaset');
    const dbPod = cluster.list('Pod', 'go-demo', 'type=db')[0]!;
    cluster.apply(apiWithDb(dbPod.status!.podIP!));
    const result = await grade(t, cluster, 'api-reaches-db');
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(
      new RegExp(
        `^go-demo-2-api-\\S+ connected to ${dbPod.status!.podIP!.replace(/\./g, '\\.')}:27017, but not through the Service`,
      ),
    );
  });

  it('reads the port from the Service: a Service on another port is not the way the API connects', async () => {
    const cluster = clusterAfter(t, 'api-replicaset');
    const service = cluster.get('Service', 'go-demo-2-db', 'go-demo')!;
    cluster.apply({
      ...service,
      kind: 'Service',
      spec: { ...service.spec, ports: [{ port: 28017, targetPort: 27017 }] },
    } as never);
    const result = await grade(t, cluster, 'api-reaches-db');
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(
      /connects to go-demo-2-db:27017 \(DB=go-demo-2-db\), but Service go-demo-2-db listens on 28017\.$/,
    );
  });

  it('passes through the Service name, on the port DB names', async () => {
    const cluster = clusterAfter(t, 'api-replicaset');
    expect((await grade(t, cluster, 'api-reaches-db')).message).toMatch(
      /connected to go-demo-2-db:27017, the database Service \(DB=go-demo-2-db\)\.$/,
    );
    cluster.apply(apiWithDb('go-demo-2-db:27017'));
    expect((await grade(t, cluster, 'api-reaches-db')).passed).toBe(true);
  });

  it('answers "none" to questions about the database Service before it exists, never failing', async () => {
    const cluster = clusterBefore(t, 'expose-db');
    for (const id of ['db-port', 'db-target-port', 'db-selector']) {
      expect({ id, ...(await grade(t, cluster, id, '27017')) }).toMatchObject({ id, passed: false, expected: 'none' });
    }
  });
});
