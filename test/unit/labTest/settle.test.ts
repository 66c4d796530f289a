import { describe, expect, it } from 'vitest';
import type { KindMap } from '../../../src/core/kinds.js';
import { createSettleTracker, type NamespaceState, pendingIn } from '../../../src/core/labTest/settle.js';
import { FakeReader } from '../grading/fakes.js';

const NOW = Date.parse('2026-01-01T00:01:00Z');

type PodStatus = NonNullable<KindMap['Pod']['status']>;
const readyPod = (name: string, ip: string, labels = { app: 'web' }): KindMap['Pod'] => ({
  metadata: { name, namespace: 'demos', labels, uid: name, resourceVersion: '1' },
  spec: { containers: [{ name: 'main', image: 'x' }] },
  status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
});
const withStatus = (pod: KindMap['Pod'], status: PodStatus): KindMap['Pod'] => ({ ...pod, status });
const webService: KindMap['Service'] = {
  metadata: { name: 'web', namespace: 'demos' },
  spec: { selector: { app: 'web' } },
};
const slice = (...ready: string[]): KindMap['EndpointSlice'] => ({
  metadata: { name: 'web-x', namespace: 'demos', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  endpoints: ready.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
});
const state = (partial: Partial<NamespaceState>): NamespaceState => ({
  pods: [],
  services: [],
  slices: [],
  deployments: [],
  replicaSets: [],
  ...partial,
});

describe('pendingIn', () => {
  it('is empty for Ready pods that their Service lists', () => {
    const pods = [readyPod('a', '10.0.0.1'), readyPod('b', '10.0.0.2')];
    expect(pendingIn(state({ pods, services: [webService], slices: [slice('10.0.0.2', '10.0.0.1')] }), NOW)).toEqual(
      [],
    );
  });

  it('waits for a pod that is starting, and for one that is terminating', () => {
    const starting = withStatus(readyPod('stray', ''), { phase: 'Pending' });
    const leaving = { ...readyPod('old', '10.0.0.9'), metadata: { name: 'old', deletionTimestamp: new Date(NOW) } };
    expect(pendingIn(state({ pods: [starting, leaving] }), NOW)).toEqual([
      'pod stray is not Ready yet (Pending)',
      'pod old is terminating',
    ]);
  });

  it('takes failed, crash-looping, image-less and unschedulable pods as settled', () => {
    const base = readyPod('p', '');
    const pods = [
      withStatus(base, { phase: 'Failed' }),
      withStatus(base, {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 3,
            image: 'x',
            imageID: '',
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      }),
      withStatus(base, {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 0,
            image: 'x',
            imageID: '',
            state: { waiting: { reason: 'ImagePullBackOff' } },
          },
        ],
      }),
      withStatus(base, {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
      }),
    ];
    expect(pendingIn(state({ pods }), NOW)).toEqual([]);
  });

  it('takes a running pod its readiness probe keeps un-Ready as settled once the probe has run', () => {
    const probed = (startedSecondsAgo: number): KindMap['Pod'] => ({
      ...readyPod('probed', '10.0.0.5'),
      spec: {
        containers: [{ name: 'main', image: 'x', readinessProbe: { initialDelaySeconds: 2, periodSeconds: 1 } }],
      },
      status: {
        phase: 'Running',
        podIP: '10.0.0.5',
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 0,
            image: 'x',
            imageID: '',
            state: { running: { startedAt: new Date(NOW - startedSecondsAgo * 1000) } },
          },
        ],
      },
    });
    expect(pendingIn(state({ pods: [probed(1)] }), NOW)).toEqual(['pod probed is not Ready yet (Running)']);
    expect(pendingIn(state({ pods: [probed(5)] }), NOW)).toEqual([]);
  });

  it('waits until the EndpointSlices list exactly the ready pods', () => {
    const pods = [readyPod('a', '10.0.0.1'), readyPod('stray', '10.0.0.7')];
    expect(pendingIn(state({ pods, services: [webService], slices: [slice('10.0.0.1')] }), NOW)).toEqual([
      'EndpointSlices of service web list 1 ready pods, 2 are ready',
    ]);
    const gone = [readyPod('a', '10.0.0.1')];
    expect(
      pendingIn(state({ pods: gone, services: [webService], slices: [slice('10.0.0.1', '10.0.0.7')] }), NOW),
    ).toEqual(['EndpointSlices of service web list 2 ready pods, 1 are ready']);
  });

  it('waits for a rollout, unless it is stalled on pods that failed', () => {
    const deployment = (status: NonNullable<KindMap['Deployment']['status']>): KindMap['Deployment'] => ({
      metadata: { name: 'web', namespace: 'demos', generation: 2 },
      spec: { replicas: 3, selector: {}, template: {} },
      status,
    });
    expect(pendingIn(state({ deployments: [deployment({ observedGeneration: 1 })] }), NOW)).toEqual([
      'deployment web is not observed yet',
    ]);
    const rolling = deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2 });
    expect(pendingIn(state({ deployments: [rolling] }), NOW)).toEqual([]);
    const starting = withStatus(readyPod('new', ''), { phase: 'Pending' });
    expect(pendingIn(state({ deployments: [rolling], pods: [starting] }), NOW)).toEqual([
      'pod new is not Ready yet (Pending)',
      'deployment web is rolling out',
    ]);
    const scaling: KindMap['ReplicaSet'] = {
      metadata: { name: 'web-1', generation: 1 },
      spec: { replicas: 3, selector: {} },
      status: { observedGeneration: 1, replicas: 2 },
    };
    expect(pendingIn(state({ replicaSets: [scaling] }), NOW)).toEqual(['replicaset web-1 is scaling']);
  });
});

describe('createSettleTracker', () => {
  it('keeps "since" while the settled state is unchanged and restarts it on any change', async () => {
    let clock = NOW;
    const reader = new FakeReader().add('Pod', readyPod('a', '10.0.0.1'));
    const tracker = createSettleTracker({ reader, namespaces: () => ['demos'], now: () => clock, reuseMs: 0 });
    const first = await tracker.probe();
    expect(first).toEqual({ settled: true, since: NOW, pending: [] });
    clock += 1000;
    expect((await tracker.probe()).since).toBe(NOW);
    reader.change(
      'Pod',
      { ...readyPod('a', '10.0.0.1'), metadata: { ...readyPod('a', '').metadata, resourceVersion: '2' } },
      'a',
      'demos',
    );
    clock += 1000;
    expect((await tracker.probe()).since).toBe(NOW + 2000);
  });

  it('gives up waiting after its timeout and says what is still converging', async () => {
    const reader = new FakeReader().add('Pod', withStatus(readyPod('slow', ''), { phase: 'Pending' }));
    const tracker = createSettleTracker({ reader, namespaces: () => ['demos'], intervalMs: 5, reuseMs: 0 });
    const started = Date.now();
    const result = await tracker.waitSettled(60);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ settled: false, pending: ['pod slow is not Ready yet (Pending) in demos'] });
  });

  it('never reuses an answer read before the run changed the state, cached or still in flight', async () => {
    const pending = (name: string) => withStatus(readyPod(name, ''), { phase: 'Pending' });
    const reader = new FakeReader().add('Pod', readyPod('a', '10.0.0.1'));
    // A long reuse window: without `changed()` the cached answer would stand.
    const tracker = createSettleTracker({ reader, namespaces: () => ['demos'], reuseMs: 60_000 });
    expect((await tracker.probe()).settled).toBe(true);
    reader.change('Pod', pending('a'), 'a', 'demos');
    expect((await tracker.probe()).settled).toBe(true);
    tracker.changed();
    expect(await tracker.probe()).toMatchObject({
      settled: false,
      pending: ['pod a is not Ready yet (Pending) in demos'],
    });

    // A read that started before a change is not joined by a probe after it.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const list = reader.list.bind(reader);
    reader.list = (async (...args: Parameters<typeof list>) => {
      const before = await list(...args);
      await gate;
      return before;
    }) as typeof reader.list;
    tracker.changed();
    const early = tracker.probe();
    reader.change('Pod', readyPod('a', '10.0.0.1'), 'a', 'demos');
    tracker.changed();
    const late = tracker.probe();
    release();
    expect((await early).settled).toBe(false);
    expect((await late).settled).toBe(true);
    // The late answer is the one kept: the early read ended after it was asked, not after it was read.
    expect((await tracker.probe()).settled).toBe(true);
  });
});
