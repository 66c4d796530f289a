import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/errors.js';
import { releasePorts, resetLab } from '../../../src/adapters/solutions/resetLab.js';
import { FakeReader } from '../grading/fakes.js';
import { type Call, fakeSession, labOnDisk, ok } from './fakeRunners.js';

const vars = { namespace: 'alice', jumpboxName: 'jb' };
const owns = {
  namespaces: ['{{namespace}}', '{{namespace}}-extra'],
  objects: [
    { kind: 'Pod', name: '{{jumpboxName}}', namespace: '{{namespace}}-extra' },
    { kind: 'ClusterRole', name: 'viewer-{{namespace}}' },
  ],
};

describe('resetLab', () => {
  it('deletes exactly the owned objects and the owned namespaces that exist, and waits', async () => {
    let namespacesLeft = ['alice'];
    const session = fakeSession((call: Call) => {
      const [verb, kind] = call.args;
      if (verb === 'get' && kind === 'namespace')
        return ok(namespacesLeft.map((name) => `namespace/${name}`).join('\n'));
      if (verb === 'delete' && kind === 'namespace') {
        namespacesLeft = [];
        return ok('namespace "alice" deleted');
      }
      if (verb === 'delete' && kind === 'pod') return ok('pod "jb" deleted');
      return ok('');
    });
    const lines: string[] = [];
    const result = await resetLab(session, labOnDisk({ s: {} }, owns), vars, { onLine: (line) => lines.push(line) });

    expect(session.calls.map((call) => [call.tool, ...call.args].join(' '))).toEqual([
      'kubectl delete pod jb -n alice-extra --ignore-not-found --wait --cascade=foreground --timeout=180s',
      'kubectl delete clusterrole viewer-alice --ignore-not-found --wait --cascade=foreground --timeout=180s',
      'api get namespace alice',
      'api get namespace alice-extra',
      'kubectl delete namespace alice --ignore-not-found --wait --timeout=180s',
      'api get namespace alice',
    ]);
    expect(result).toEqual({ namespaces: ['alice'], objects: ['Pod/jb in alice-extra'] });
    expect(lines).toEqual(['deleted Pod/jb in alice-extra', 'deleted namespace alice']);
  });

  it('does nothing to namespaces that are already gone', async () => {
    const session = fakeSession(() => ok(''));
    const result = await resetLab(session, labOnDisk({ s: {} }), vars);
    expect(session.calls.map((call) => call.args.slice(0, 2).join(' '))).toEqual(['get namespace']);
    expect(result).toEqual({ namespaces: [], objects: [] });
  });

  it('reports a namespace that is still terminating as an environment problem', async () => {
    const session = fakeSession((call) => (call.args[0] === 'get' ? ok('namespace/alice') : ok('')));
    const error = await resetLab(session, labOnDisk({ s: {} }), vars).catch((caught: unknown) => caught);
    expect(isUserError(error) && error.kind).toBe('environment');
    expect((error as Error).message).toBe('namespace alice is still terminating after 180 s');
  });

  it('never deletes a protected namespace, even when a variable points at it', async () => {
    const session = fakeSession(() => ok(''));
    await expect(resetLab(session, labOnDisk({ s: {} }), { namespace: 'kube-system' })).rejects.toThrow(
      'which no lab may delete',
    );
    expect(session.calls).toEqual([]);
  });

  it('deletes nothing when the lab claims an object in default or kube-*: a name does not prove the lab made it', async () => {
    const session = fakeSession(() => ok('deleted'));
    const claimsDefault = {
      namespaces: ['{{namespace}}'],
      objects: [{ kind: 'Service', name: 'echo-frontend', namespace: 'default' }],
    };
    const error = await resetLab(session, labOnDisk({ s: {} }, claimsDefault), vars).catch((caught: unknown) => caught);
    expect(isUserError(error) && error.kind).toBe('input');
    expect((error as Error).message).toBe(
      'not resetting lab "disk-lab": lab owns Service "echo-frontend" in namespace "default", which belongs to the whole cluster',
    );
    const claimsKubeSystem = { namespaces: [], objects: [{ kind: 'Pod', name: 'x', namespace: '{{shared}}' }] };
    await expect(
      resetLab(session, labOnDisk({ s: {} }, claimsKubeSystem), { ...vars, shared: 'kube-system' }),
    ).rejects.toThrow('in namespace "kube-system"');
    expect(session.calls).toEqual([]);
  });
});

describe('releasePorts', () => {
  it('deletes the Services with a node port and the pods with a host port (init containers and host network too), and waits; nothing else', async () => {
    const session = fakeSession(() => ok(''));
    const reader = new FakeReader()
      .add('Service', { metadata: { name: 'shop', namespace: 'a' }, spec: { ports: [{ port: 80, nodePort: 30480 }] } })
      .add('Service', { metadata: { name: 'inner', namespace: 'a' }, spec: { ports: [{ port: 80 }] } })
      .add('Service', { metadata: { name: 'other', namespace: 'b' }, spec: { ports: [{ port: 80, nodePort: 30481 }] } })
      .add('Pod', {
        metadata: { name: 'edge', namespace: 'a' },
        spec: { containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 80, hostPort: 30482 }] }] },
      })
      .add('Pod', {
        metadata: { name: 'sidecar', namespace: 'a' },
        spec: {
          initContainers: [{ name: 'proxy', image: 'x', ports: [{ containerPort: 81, hostPort: 30483 }] }],
          containers: [{ name: 'web', image: 'x' }],
        },
      })
      .add('Pod', {
        metadata: { name: 'on-host', namespace: 'a' },
        spec: { hostNetwork: true, containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 8080 }] }] },
      })
      .add('Pod', { metadata: { name: 'web', namespace: 'a' }, spec: { containers: [{ name: 'web', image: 'x' }] } });
    await releasePorts({ kubectl: session.kubectl, reader }, ['a', 'c']);
    expect(session.calls.map((call) => [call.tool, ...call.args].join(' '))).toEqual([
      'kubectl delete service/shop pod/edge pod/sidecar pod/on-host -n a --ignore-not-found --wait --timeout=180s',
    ]);
  });
});
