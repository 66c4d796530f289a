import { describe, expect, it } from 'vitest';
import { clusterAfter, clusterWithFixture, grade, loadLab } from './labHarness.js';
import { describeLabContract } from './labContract.js';

describeLabContract({
  lab: 'backend-service',
  answers: {
    'back-end-target-port': '80/TCP',
    'back-end-label-count': '0',
    'back-end-selector-labels': 'app=myapp,type=backend',
    'back-end-cluster-ip': '10.96.0.11',
  },
});

const t = loadLab('backend-service');
const withFixture = (name: string) => clusterWithFixture(t, name);

describe('backend-service: what the learner reads', () => {
  it.each([
    [
      'back-end-selector/too-broad.yaml',
      'back-end-selector',
      /selector app=myapp also picks myapp-frontend, which is not among the backend pods/,
    ],
    ['back-end-selector/too-broad.yaml', 'back-end-endpoints', /4 ready endpoints, more than the 3 expected/],
    [
      'back-end-selector/labels-instead-of-selector.yaml',
      'back-end-selector',
      /has no selector.*labels app=myapp,type=backend sit under metadata\.labels/,
    ],
    [
      'back-end-clusterip/wrong-namespace.yaml',
      'back-end-selector',
      /no Service back-end in namespace backend; there is one in backend-elsewhere/,
    ],
    [
      'frontend-reaches-back-end/too-broad-selector.yaml',
      'frontend-reaches-back-end',
      /also sends requests to myapp-frontend/,
    ],
  ])('%s: %s says what is wrong', async (name, checkId, message) => {
    const result = await grade(t, withFixture(name), checkId);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(message);
  });

  it('counts the labels of the Service object, wherever they came from', async () => {
    const cluster = clusterAfter(t, 'service-definition');
    const service = cluster.get('Service', 'back-end', 'backend')!;
    cluster.apply({
      ...service,
      kind: 'Service',
      metadata: { ...service.metadata, labels: { app: 'myapp', tier: 'api', team: 'blue' } },
    } as never);
    expect((await grade(t, cluster, 'back-end-label-count')).expected).toBe(3);
  });

  it('only backend pods answer the frontend', async () => {
    const result = await grade(t, clusterAfter(t, 'reach-backend'), 'frontend-reaches-back-end');
    expect(result.message).toMatch(
      /^All 24 requests to http:\/\/back-end were answered by backend pods: myapp-backend-\S+, myapp-backend-\S+ and myapp-backend-\S+\.$/,
    );
  });
});
