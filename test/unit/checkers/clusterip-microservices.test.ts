import { describe, expect, it } from 'vitest';
import { clusterAfter, clusterWithFixture, grade, loadLab } from './labHarness.js';
import { describeLabContract } from './labContract.js';

describeLabContract({ lab: 'clusterip-microservices', answers: { 'event-bus-endpoint-count': '2' } });

const t = loadLab('clusterip-microservices');
const withFixture = (name: string) => clusterWithFixture(t, name);

describe('clusterip-microservices: what the learner reads', () => {
  it.each([
    [
      'event-bus-srv-ports/target-port-of-posts.yaml',
      'event-bus-srv-ports',
      /targetPort 4000 does not match the containers: event-bus-\S+ listens on 4005/,
    ],
    [
      'event-bus-srv-ports/target-port-of-posts.yaml',
      'posts-reach-event-bus',
      /could not reach http:\/\/event-bus-srv:4005\/hostname: .*connection refused/,
    ],
    [
      'event-bus-srv-selector/selects-posts.yaml',
      'event-bus-srv-selector',
      /selector app=posts also picks posts-\S+, which is not among the event-bus pods/,
    ],
    [
      'event-bus-srv-selector/selects-posts.yaml',
      'posts-reach-event-bus',
      /could not reach|not from one of the event-bus pods/,
    ],
    ['event-bus-srv-clusterip/wrong-namespace.yaml', 'posts-reach-event-bus', /could not resolve host: event-bus-srv/],
    ['posts-srv-ports/ports-of-event-bus.yaml', 'posts-srv-ports', /listens on port 4005; clients expect port 4000/],
    ['event-bus-scaled/not-scaled.yaml', 'event-bus-scaled', /asks for 1 replica; this lab needs 2/],
    ['event-bus-scaled/not-scaled.yaml', 'traffic-both-ways', /1 posts pod, 1 event-bus pod; this step needs 1 and 2/],
  ])('%s: %s says what is wrong', async (name, checkId, message) => {
    const result = await grade(t, withFixture(name), checkId);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(message);
  });

  it('proves traffic both ways with the pods that answered', async () => {
    const result = await grade(t, clusterAfter(t, 'scale-event-bus'), 'traffic-both-ways');
    expect(result.message).toMatch(
      /^posts-\S+ reached both event-bus pods \(event-bus-\S+ and event-bus-\S+\) through event-bus-srv/,
    );
  });

  it('counts endpoints from the cluster, whatever the replica count', async () => {
    const cluster = clusterAfter(t, 'scale-event-bus');
    const manifest = cluster.get('Deployment', 'event-bus', 'microservices')!;
    cluster.apply({
      ...manifest,
      kind: 'Deployment',
      spec: { ...manifest.spec!, replicas: 4 },
      status: undefined,
    } as never);
    expect((await grade(t, cluster, 'event-bus-endpoint-count', '4')).passed).toBe(true);
  });
});
