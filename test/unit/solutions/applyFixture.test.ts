import * as v from 'valibot';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplyError } from '../../../src/adapters/solutions/applyError.js';
import { applyFixture, fixtureManifest, removeFixture } from '../../../src/adapters/solutions/applyFixture.js';
import { loadFixtures } from '../../../src/adapters/solutions/loadFixtures.js';
import { fixtureSchema } from '../../../src/core/schema.js';
import { fakeSession, labOnDisk, ok } from './fakeRunners.js';

const vars = { namespace: 'alice', jumpboxName: 'jb' };
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: '{{namespace}}' },
  spec: { selector: { app: 'wbe' } },
};

describe('wrong-answer fixtures on the cluster', () => {
  it('renders its objects into one manifest', () => {
    const fixture = v.parse(fixtureSchema, {
      description: 'd',
      step: 's',
      rejects: ['c'],
      apply: [service, { kind: 'ConfigMap', metadata: { name: 'x' } }],
    });
    expect(fixtureManifest(fixture, vars)).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: alice\nspec:\n  selector:\n    app: wbe\n---\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
  });

  it('applies new objects and can be undone by deleting them', async () => {
    const fixture = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], apply: [service] });
    const session = fakeSession((call) =>
      call.args[0] === 'get' && call.args[1] === 'namespace' ? ok('namespace/alice') : ok(''),
    );
    const applied = await applyFixture(session, labOnDisk({ s: {} }), fixture, vars);
    expect(applied.createdOnly).toBe(true);
    expect(session.calls.map((call) => [call.tool, ...call.args].join(' '))).toEqual([
      'api get namespace alice',
      // A kind the reader knows: a GET on the API connection, not a kubectl process.
      'api get service web -n alice',
      'kubectl apply -f -',
    ]);
    await removeFixture(session, applied);
    expect(session.calls.at(-1)).toMatchObject({
      args: ['delete', '-f', '-', '--ignore-not-found', '--wait', '--cascade=foreground', '--timeout=180s'],
      input: applied.manifests,
    });
  });

  it('asks kubectl whether the objects exist when one is of a kind the reader does not know', async () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: '{{namespace}}' },
    };
    const fixture = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], apply: [service, ingress] });
    const session = fakeSession((call) => {
      if (call.tool === 'api') return ok('namespace/alice');
      return call.args[0] === 'get' ? ok('ingress.networking.k8s.io/web\n') : ok('');
    });
    const applied = await applyFixture(session, labOnDisk({ s: {} }), fixture, vars);
    expect(session.calls.map((call) => [call.tool, ...call.args.slice(0, 3)].join(' '))).toEqual([
      'api get namespace alice',
      'kubectl get -f -',
      'kubectl apply -f -',
    ]);
    expect(session.calls[1]!.input).toBe(applied.manifests);
    expect(applied.createdOnly).toBe(false);
  });

  it('asks for a rebuild when it changed an object that existed or deleted one', async () => {
    const changing = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], apply: [service] });
    const existing = fakeSession((call) =>
      call.args[0] === 'get' ? ok(call.args[1] === 'namespace' ? 'namespace/alice' : 'service/web') : ok(''),
    );
    expect((await applyFixture(existing, labOnDisk({ s: {} }), changing, vars)).createdOnly).toBe(false);

    const deleting = v.parse(fixtureSchema, {
      description: 'd',
      step: 's',
      rejects: ['c'],
      delete: [{ kind: 'Pod', name: '{{jumpboxName}}', namespace: '{{namespace}}' }],
    });
    const session = fakeSession((call) => (call.args[1] === 'namespace' ? ok('namespace/alice') : ok('')));
    expect((await applyFixture(session, labOnDisk({ s: {} }), deleting, vars)).createdOnly).toBe(false);
    expect(session.calls.map((call) => [call.tool, ...call.args.slice(0, 5)].join(' '))).toEqual([
      'api get namespace alice',
      'kubectl delete pod jb -n alice',
    ]);
  });

  it('refuses, before touching the cluster, a fixture reaching outside the namespaces the lab owns', async () => {
    const session = fakeSession(() => ok(''));
    const intoDefault = v.parse(fixtureSchema, {
      description: 'd',
      step: 's',
      rejects: ['c'],
      apply: [{ ...service, metadata: { name: 'echo-frontend', namespace: 'default' } }],
      delete: [{ kind: 'Pod', name: 'jumpbox', namespace: 'default' }],
    });
    const error = await applyFixture(session, labOnDisk({ s: {} }), intoDefault, vars).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApplyError);
    expect((error as ApplyError).message).toBe(
      'refusing to apply the fixture: fixture deletes Pod "jumpbox" in namespace "default", which the lab does not own; ' +
        'fixture applies Service "echo-frontend" in namespace "default", which the lab does not own',
    );
    const otherNamespace = v.parse(fixtureSchema, {
      description: 'd',
      step: 's',
      rejects: ['c'],
      apply: [{ kind: 'Namespace', metadata: { name: 'bob' } }],
    });
    await expect(applyFixture(session, labOnDisk({ s: {} }), otherNamespace, vars)).rejects.toThrow(
      'fixture applies Namespace "bob", which the lab does not own',
    );
    expect(session.calls).toEqual([]);
  });

  it('may put the right object in a second namespace the lab owns, which it creates itself', async () => {
    const owns = { namespaces: ['{{namespace}}', '{{namespace}}-elsewhere'] };
    const elsewhere = v.parse(fixtureSchema, {
      description: 'd',
      step: 's',
      rejects: ['c'],
      apply: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: '{{namespace}}-elsewhere' } },
        { ...service, metadata: { name: 'web', namespace: '{{namespace}}-elsewhere' } },
      ],
    });
    const session = fakeSession(() => ok(''));
    const applied = await applyFixture(session, labOnDisk({ s: {} }, owns), elsewhere, vars);
    expect(session.calls.map((call) => call.args.join(' '))).toEqual([
      'get namespace alice-elsewhere',
      'get service web -n alice-elsewhere',
      'apply -f -',
    ]);
    expect(applied).toEqual({
      createdOnly: true,
      manifests: expect.stringContaining('kind: Namespace\nmetadata:\n  name: alice-elsewhere\n'),
    });
  });

  it('reads every fixture of a lab in name order', () => {
    const lab = labOnDisk({ s: {} });
    const dir = path.join(lab.root, 'checkers', lab.id, 'fixtures');
    mkdirSync(path.join(dir, 'b-check'), { recursive: true });
    mkdirSync(path.join(dir, 'a-check'), { recursive: true });
    writeFileSync(path.join(dir, 'b-check', 'one.yaml'), 'description: one\nstep: s\nrejects: [b-check]\n');
    writeFileSync(
      path.join(dir, 'a-check', 'two.yml'),
      'description: two\nstep: s\nrejects: [a-check]\nanswers: { q: wrong }\n',
    );
    writeFileSync(path.join(dir, 'a-check', 'notes.md'), 'ignored');
    const fixtures = loadFixtures(lab);
    expect(fixtures.map((fixture) => [fixture.name, fixture.fixture.description])).toEqual([
      ['a-check/two', 'two'],
      ['b-check/one', 'one'],
    ]);
    expect(fixtures[0]!.fixture.answers).toEqual({ q: 'wrong' });
    expect(loadFixtures(labOnDisk({ s: {} }))).toEqual([]);
  });
});
