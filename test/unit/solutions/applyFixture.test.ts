import * as v from 'valibot';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixture, fixtureManifest, removeFixture } from '../../../src/adapters/solutions/applyFixture.js';
import { loadFixtures } from '../../../src/adapters/solutions/loadFixtures.js';
import { fixtureSchema } from '../../../src/core/schema.js';
import { fakeSession, labOnDisk, ok } from './fakeRunners.js';

const vars = { namespace: 'alice', jumpboxName: 'jb' };
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: '{{namespace}}' }, spec: { selector: { app: 'wbe' } } };

describe('wrong-answer fixtures on the cluster', () => {
  it('renders its objects into one manifest', () => {
    const fixture = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], apply: [service, { kind: 'ConfigMap', metadata: { name: 'x' } }] });
    expect(fixtureManifest(fixture, vars)).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: alice\nspec:\n  selector:\n    app: wbe\n---\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
  });

  it('applies new objects and can be undone by deleting them', async () => {
    const fixture = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], apply: [service] });
    const session = fakeSession((call) => (call.args[0] === 'get' && call.args[1] === 'namespace' ? ok('namespace/alice') : ok('')));
    const applied = await applyFixture(session, labOnDisk({ s: {} }), fixture, vars);
    expect(applied.createdOnly).toBe(true);
    expect(session.calls.map((call) => call.args.join(' '))).toEqual([
      'get namespace alice --ignore-not-found -o name',
      'get -f - --ignore-not-found -o name',
      'apply -f -',
    ]);
    await removeFixture(session, applied);
    expect(session.calls.at(-1)).toMatchObject({
      args: ['delete', '-f', '-', '--ignore-not-found', '--wait', '--cascade=foreground', '--timeout=180s'],
      input: applied.manifests,
    });
  });

  it('asks for a rebuild when it changed an object that existed or deleted one', async () => {
    const changing = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], apply: [service] });
    const existing = fakeSession((call) => (call.args[0] === 'get' ? ok(call.args[1] === 'namespace' ? 'namespace/alice' : 'service/web') : ok('')));
    expect((await applyFixture(existing, labOnDisk({ s: {} }), changing, vars)).createdOnly).toBe(false);

    const deleting = v.parse(fixtureSchema, { description: 'd', step: 's', rejects: ['c'], delete: [{ kind: 'Pod', name: '{{jumpboxName}}', namespace: '{{namespace}}' }] });
    const session = fakeSession((call) => (call.args[1] === 'namespace' ? ok('namespace/alice') : ok('')));
    expect((await applyFixture(session, labOnDisk({ s: {} }), deleting, vars)).createdOnly).toBe(false);
    expect(session.calls.map((call) => call.args.slice(0, 5).join(' '))).toEqual(['get namespace alice --ignore-not-found -o', 'delete pod jb -n alice']);
  });

  it('reads every fixture of a lab in name order', () => {
    const lab = labOnDisk({ s: {} });
    const dir = path.join(lab.root, 'checkers', lab.id, 'fixtures');
    mkdirSync(path.join(dir, 'b-check'), { recursive: true });
    mkdirSync(path.join(dir, 'a-check'), { recursive: true });
    writeFileSync(path.join(dir, 'b-check', 'one.yaml'), 'description: one\nstep: s\nrejects: [b-check]\n');
    writeFileSync(path.join(dir, 'a-check', 'two.yml'), 'description: two\nstep: s\nrejects: [a-check]\nanswers: { q: wrong }\n');
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
