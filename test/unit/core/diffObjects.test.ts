import { describe, expect, it } from 'vitest';
import { diffObject } from '../../../src/core/explain/diffObjects.js';

const reference = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'echo-frontend', namespace: 'demos' },
  spec: { type: 'ClusterIP', selector: { app: 'echo-frontend' }, ports: [{ port: 80, targetPort: 8080 }] },
};

describe('explaining a failed check: the live object against the reference', () => {
  it('ignores what the API server adds, and finds nothing on a right object', () => {
    const live = {
      ...reference,
      metadata: { ...reference.metadata, uid: 'u', resourceVersion: '7', creationTimestamp: 't' },
      spec: {
        ...reference.spec,
        clusterIP: '10.96.0.12',
        sessionAffinity: 'None',
        ports: [{ port: 80, targetPort: '8080', protocol: 'TCP' }],
      },
      status: { loadBalancer: {} },
    };
    expect(diffObject(reference, live)).toEqual([]);
  });

  it('names each field that differs, with the learner value beside the expected one', () => {
    const live = {
      ...reference,
      spec: { type: 'NodePort', selector: { app: 'echo-frontnd' }, ports: [{ port: 80, targetPort: 80 }] },
    };
    expect(diffObject(reference, live)).toEqual([
      { path: 'spec.type', expected: 'ClusterIP', live: 'NodePort' },
      { path: 'spec.selector.app', expected: 'echo-frontend', live: 'echo-frontnd' },
      { path: 'spec.ports[0].targetPort', expected: 8080, live: 80 },
    ]);
  });

  it('reports missing fields and matches named entries by name', () => {
    const expected = { spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } };
    expect(
      diffObject(expected, {
        spec: {
          containers: [
            { name: 'side', image: 'x' },
            { name: 'web', image: 'nginx:1.26' },
          ],
        },
      }),
    ).toEqual([
      { path: 'spec.containers[name=web].image', expected: 'nginx:1.27', live: 'nginx:1.26' },
      { path: 'spec.containers[name=web].ports', expected: [{ containerPort: 80 }], live: undefined },
    ]);
  });
});

describe('explainStep', () => {
  it('compares each reference object with the live one and hides fields that answer a question', async () => {
    const { FakeReader } = await import('../grading/fakes.js');
    const { explainStep, HIDDEN_ANSWER } = await import('../../../src/core/explain/explainStep.js');
    const reader = new FakeReader().add('Service', {
      metadata: { name: 'echo-frontend', namespace: 'demos' },
      spec: { type: 'ClusterIP', selector: { app: 'echo-frontend' }, ports: [{ port: 8080, targetPort: 8080 }] },
    });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'jumpbox', namespace: 'demos' } };
    const explained = await explainStep(
      reader,
      [
        { file: 'service.yaml', object: reference },
        { file: 'pod.yaml', object: pod },
      ],
      'demos',
      ['80/TCP'],
    );
    expect(explained).toEqual([
      {
        kind: 'Service',
        name: 'echo-frontend',
        namespace: 'demos',
        file: 'service.yaml',
        state: 'differs',
        differences: [{ path: 'spec.ports[0].port', expected: HIDDEN_ANSWER, live: 8080 }],
      },
      { kind: 'Pod', name: 'jumpbox', namespace: 'demos', file: 'pod.yaml', state: 'missing', differences: [] },
    ]);
  });
});
