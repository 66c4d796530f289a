import { describe, expect, it } from 'vitest';
import { rebuildAtStep, type RebuildEvent } from '../../../src/adapters/solutions/rebuildAtStep.js';
import { fakeSession, labOnDisk, ok } from './fakeRunners.js';

const vars = { namespace: 'alice', jumpboxName: 'jb' };

describe('rebuildAtStep', () => {
  const lab = labOnDisk({
    one: { 'a.yaml': 'kind: ConfigMap\nmetadata: { name: one }\n' },
    two: { 'answers.yaml': 'q:\n  value: "42"\n' },
    three: { 'c.yaml': 'kind: ConfigMap\nmetadata: { name: three }\n' },
  });

  it('resets, then replays every step before the target and none after', async () => {
    const session = fakeSession((call) => (call.args[0] === 'get' ? ok('') : ok('')));
    const events: RebuildEvent['type'][] = [];
    const answers = await rebuildAtStep(session, lab, 'three', vars, { onEvent: (event) => events.push(event.type) });
    expect(answers).toEqual({ one: {}, two: { q: '42' } });
    expect(events).toEqual(['reset', 'step', 'step']);
    const applied = session.calls.filter((call) => call.args[0] === 'apply').map((call) => call.input);
    expect(applied).toContain('kind: ConfigMap\nmetadata: { name: one }\n');
    expect(applied).not.toContain('kind: ConfigMap\nmetadata: { name: three }\n');
  });

  it('only resets for the first step', async () => {
    const session = fakeSession(() => ok(''));
    expect(await rebuildAtStep(session, lab, 'one', vars)).toEqual({});
    expect(session.calls.map((call) => call.args.slice(0, 2).join(' '))).toEqual(['get namespace']);
  });

  it('refuses an unknown step before touching the cluster', async () => {
    const session = fakeSession();
    await expect(rebuildAtStep(session, lab, 'four', vars)).rejects.toThrow('lab "disk-lab" has no step "four"');
    expect(session.calls).toEqual([]);
  });
});
