import { describe, expect, it } from 'vitest';
import type { CheckReport, Grader } from '../../../src/core/grading/types.js';
import { createLabWorkspace, movedVars } from '../../../src/core/labTest/labWorkspace.js';
import { runLabTest } from '../../../src/core/labTest/runLabTest.js';
import type { KindMap } from '../../../src/core/kinds.js';
import type { LabApplier, LabTestReport } from '../../../src/core/labTest/types.js';
import { FakeReader } from '../grading/fakes.js';
import { fakeFixture, fakeLab } from './fakeLab.js';

const lab = fakeLab('svc', [
  { id: 'scene', checks: ['pods-up'] },
  { id: 'expose', checks: ['service-up'] },
]);
const fixtures = [
  // Deletes what the scene made: the runner must restore the state afterwards.
  fakeFixture('pods-up/no-pods', { description: 'no pods', step: 'expose', rejects: ['service-up'] }),
  fakeFixture('service-up/typo', { description: 'typo', step: 'expose', rejects: ['service-up'] }),
];

/** A cluster of namespaces holding facts; checks and solutions work in `vars.namespace`. */
function namespacedWorld() {
  const spaces = new Map<string, Set<string>>();
  const log: string[] = [];
  const space = (vars: Readonly<Record<string, string>>): Set<string> => {
    const name = vars['namespace']!;
    if (!spaces.has(name)) spaces.set(name, new Set());
    return spaces.get(name)!;
  };
  const solutions: Record<string, string[]> = { scene: ['pods'], expose: ['service'] };
  const fixtureFacts: Record<string, string[]> = {
    'no pods': ['-pods', 'service'],
    typo: ['service-typo'],
    'extra pods': ['pods-extra'],
    elsewhere: ['service-elsewhere'],
  };
  const applier: LabApplier = {
    async reset(_lab, vars) {
      log.push(`reset ${vars['namespace']}`);
      for (const name of [...spaces.keys()]) if (name === vars['namespace']) spaces.delete(name);
    },
    async applySolution(_lab, step, vars) {
      log.push(`solve ${step} in ${vars['namespace']}`);
      for (const fact of solutions[step]!) space(vars).add(fact);
      return {};
    },
    async applyFixture(_lab, fixture, vars) {
      log.push(`fixture ${fixture.description} in ${vars['namespace']}`);
      const facts = space(vars);
      const entries = fixtureFacts[fixture.description]!;
      const createdOnly = entries.every((entry) => !entry.startsWith('-') && !facts.has(entry));
      for (const entry of entries) {
        if (entry.startsWith('-')) facts.delete(entry.slice(1));
        else facts.add(entry);
      }
      return { createdOnly, manifests: `${vars['namespace']}:${entries.join(',')}` };
    },
    async removeFixture(_lab, applied) {
      log.push(`remove ${applied.manifests}`);
      const [name, entries] = applied.manifests.split(':');
      for (const entry of entries!.split(',')) spaces.get(name!)?.delete(entry);
    },
  };
  const grader: Grader = {
    async gradeStep(gradeLab, stepId, options) {
      log.push(`grade ${stepId} in ${options.vars['namespace']}`);
      const facts = space(options.vars);
      const pass: Record<string, boolean> = {
        'pods-up': facts.has('pods'),
        'service-up': facts.has('service') && facts.has('pods'),
      };
      const step = gradeLab.steps.find((s) => s.id === stepId)!;
      const checks = step.checks
        .filter((id) => !options.only || options.only.includes(id))
        .map((id): CheckReport => ({
          id,
          title: id,
          kind: 'check',
          status: pass[id] ? 'pass' : 'fail',
          message: id,
          durationMs: 1,
        }));
      return { lab: gradeLab.id, step: stepId, status: 'passed', checks, durationMs: 1 };
    },
  };
  return { spaces, log, applier, grader };
}

const verdicts = (report: LabTestReport) =>
  report.steps.flatMap((step) => [
    ...step.checks.map((check) => `${step.id}/${check.id}: ${check.verdict}`),
    ...step.fixtures.map((fixture) => `${step.id}/${fixture.name}: ${fixture.verdict}`),
  ]);

async function run(move: boolean, tried = fixtures) {
  const world = namespacedWorld();
  const deleted: string[] = [];
  /** Each namespace marked, with the last thing the run had done at each of its marks. */
  const marked = new Map<string, string[]>();
  const workspace = createLabWorkspace(
    lab,
    { namespace: 'svc' },
    { runId: 'r1', move },
    {
      applier: world.applier,
      grader: world.grader,
      reader: new FakeReader(),
      deleteNamespaces: async (names) => {
        deleted.push(`delete ${names.join(',')}`);
        for (const name of names) world.spaces.delete(name);
      },
      markNamespaces: (names) => {
        for (const name of names) marked.set(name, [...(marked.get(name) ?? []), world.log.at(-1)!]);
      },
    },
  );
  const report = await runLabTest(
    lab,
    { vars: { namespace: 'svc' }, fixtures: tried, keep: false },
    {
      grader: workspace.grader,
      applier: workspace.applier,
      isPrecondition: async () => false,
      now: () => 0,
    },
  );
  const problem = await workspace.finish();
  return { report, world, deleted, problem, namespaces: workspace.namespaces(), marked };
}

/** Every check and fixture of the two-step lab verified, moved on and in place alike. */
function expectAllOkBothWays(moved: LabTestReport, inPlace: LabTestReport) {
  expect(verdicts(moved)).toEqual(verdicts(inPlace));
  expect(verdicts(moved)).toEqual([
    'scene/pods-up: ok',
    'expose/service-up: ok',
    'expose/pods-up/no-pods: ok',
    'expose/service-up/typo: ok',
  ]);
}

/** Runs the fixtures in fresh namespaces and in place: the verdicts must be the same, and `expected`. */
async function bothWays(tried: typeof fixtures, expected: string[]) {
  const moved = await run(true, tried);
  const inPlace = await run(false, tried);
  expect(verdicts(moved.report)).toEqual(verdicts(inPlace.report));
  expect(verdicts(moved.report)).toEqual(expected);
  return { moved, inPlace };
}

describe('createLabWorkspace', () => {
  it('gives the same verdicts in fresh namespaces as in the lab namespace with resets', async () => {
    const { inPlace } = await bothWays(fixtures, [
      'scene/pods-up: ok',
      'expose/service-up: ok',
      'expose/pods-up/no-pods: ok',
      'expose/service-up/typo: ok',
    ]);
    expect(inPlace.world.log.filter((line) => line.startsWith('reset'))).toHaveLength(3);
  });

  it('never waits for a namespace to go: it moves on to fresh namespaces and deletes old ones in the background, and all of them at the end', async () => {
    const { world, deleted, problem, namespaces } = await run(true);
    // Only the first reset reaches the cluster, on namespaces nobody used: nothing to wait for.
    expect(world.log.filter((line) => line.startsWith('reset'))).toEqual(['reset svc-r1-1']);
    expect(namespaces).toEqual(['svc-r1-1', 'svc-r1-2']);
    expect(deleted).toEqual(['delete svc-r1-1', 'delete svc-r1-2', 'delete svc-r1-1,svc-r1-2']);
    expect(problem).toBeUndefined();
  });

  it('marks every namespace it moves to as the change that makes it starts and after it, so a later run can delete what a killed run left', async () => {
    const moved = await run(true);
    const first = Object.fromEntries([...moved.marked].map(([name, marks]) => [name, marks[0]]));
    expect(first).toEqual({
      // As the first change into them starts (the solution that makes them), before it ends.
      'svc-r1-1': 'grade scene in svc-r1-1',
      // The copy is marked as it is built, before the run switches to it.
      'svc-r1-2': 'fixture no pods in svc-r1-1',
    });
    // And again once the change that made them is done.
    expect(moved.marked.get('svc-r1-1')).toContain('solve scene in svc-r1-1');
    expect(moved.marked.get('svc-r1-2')).toContain('solve scene in svc-r1-2');
    expect([...moved.marked.keys()].sort()).toEqual(moved.namespaces.sort());
    // In place the namespaces are the lab's own: a later run must never delete them.
    expect((await run(false)).marked.size).toBe(0);
  });

  it('restores after a fixture from a copy built while the fixture was graded, without re-applying solutions', async () => {
    const { world } = await run(true);
    expect(world.log).toEqual([
      'reset svc-r1-1',
      'grade scene in svc-r1-1',
      'solve scene in svc-r1-1',
      'grade scene in svc-r1-1',
      'grade expose in svc-r1-1',
      'fixture no pods in svc-r1-1',
      // The copy for the restore is built as soon as the fixture is known to change the state.
      'solve scene in svc-r1-2',
      'grade expose in svc-r1-1',
      // The restore moved to the copy: no solution applied again.
      'fixture typo in svc-r1-2',
      'grade expose in svc-r1-2',
      // It only added a Service: deleting it is quick.
      'remove svc-r1-2:service-typo',
      'solve expose in svc-r1-2',
      'grade expose in svc-r1-2',
    ]);
  });

  it('removes a fixture that only created objects by moving on when deleting them would wait for pods or a namespace', async () => {
    const slow = [
      // Before the first solution: fresh namespaces hold the state the step starts from.
      fakeFixture('pods-up/extra', { description: 'extra pods', step: 'scene', rejects: [] }),
      // It made a namespace, whose deletion waits until it is finalized: the copy stands in.
      fakeFixture('service-up/elsewhere', {
        description: 'elsewhere',
        step: 'expose',
        rejects: ['service-up'],
        apply: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: '{{namespace}}-elsewhere' } }],
      }),
    ];
    const { moved, inPlace } = await bothWays(slow, [
      'scene/pods-up: ok',
      'scene/pods-up/extra: ok',
      'expose/service-up: ok',
      'expose/service-up/elsewhere: ok',
    ]);
    expect(moved.world.log).toEqual([
      'reset svc-r1-1',
      'grade scene in svc-r1-1',
      'fixture extra pods in svc-r1-1',
      'grade scene in svc-r1-1',
      'solve scene in svc-r1-2',
      'grade scene in svc-r1-2',
      'grade expose in svc-r1-2',
      'fixture elsewhere in svc-r1-2',
      'solve scene in svc-r1-3',
      'grade expose in svc-r1-2',
      'solve expose in svc-r1-3',
      'grade expose in svc-r1-3',
    ]);
    // The last deletion is the clean-up at the end.
    expect(moved.deleted).toEqual([
      'delete svc-r1-1',
      'delete svc-r1-2',
      'delete svc-r1-3',
      'delete svc-r1-1,svc-r1-2,svc-r1-3',
    ]);
    // In place the objects are deleted, as before.
    expect(inPlace.world.log.filter((line) => line.startsWith('remove'))).toEqual([
      'remove svc:pods-extra',
      'remove svc:service-elsewhere',
    ]);
  });

  it('asks for the deletion of every namespace an interrupted run used, without waiting; in place it leaves them', async () => {
    const interrupted = async (move: boolean) => {
      const world = namespacedWorld();
      const deleted: string[] = [];
      const applier: LabApplier = {
        ...world.applier,
        async applyFixture(fixtureLab, fixture, vars, signal) {
          // Ctrl-C while the second fixture is applied.
          if (fixture.description === 'typo') throw Object.assign(new Error('interrupted'), { name: 'AbortError' });
          return world.applier.applyFixture(fixtureLab, fixture, vars, signal);
        },
      };
      const workspace = createLabWorkspace(
        lab,
        { namespace: 'svc' },
        { runId: 'r1', move },
        {
          applier,
          grader: world.grader,
          reader: new FakeReader(),
          deleteNamespaces: async (names, signal) => {
            deleted.push(`delete ${names.join(',')} ${signal?.aborted === false ? 'live' : 'no signal'}`);
          },
        },
      );
      await expect(
        runLabTest(
          lab,
          { vars: { namespace: 'svc' }, fixtures, keep: false },
          { grader: workspace.grader, applier: workspace.applier, isPrecondition: async () => false, now: () => 0 },
        ),
      ).rejects.toThrow('interrupted');
      return { left: await workspace.abandon(), deleted };
    };
    const moved = await interrupted(true);
    expect(moved.left).toEqual({ namespaces: ['svc-r1-1', 'svc-r1-2'] });
    // The last request is the abandon: both namespaces, on a signal of its own (the run's was aborted).
    expect(moved.deleted.at(-1)).toBe('delete svc-r1-1,svc-r1-2 live');
    const inPlace = await interrupted(false);
    expect(inPlace.left).toEqual({ namespaces: [] });
    expect(inPlace.deleted).toEqual([]);
  });

  it('moves only a lab whose namespaces come from its namespace variable', () => {
    expect(movedVars(lab, { namespace: 'svc' }, 'r1', 3)).toEqual({ namespace: 'svc-r1-3' });
    expect(movedVars(lab, {}, 'r1', 3)).toBeUndefined();
    expect(movedVars(lab, { namespace: 'x'.repeat(60) }, 'r1', 3)).toBeUndefined();
  });

  it('grades a step right after its setup on the state the setup left, never on a reading from before it', async () => {
    const world = namespacedWorld();
    const pod = (ready: boolean): KindMap['Pod'] => ({
      metadata: { name: 'shop', namespace: 'svc', uid: 'shop', resourceVersion: ready ? '1' : '2' },
      spec: { containers: [{ name: 'main', image: 'x' }] },
      status: {
        phase: ready ? 'Running' : 'Pending',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      },
    });
    const reader = new FakeReader().add('Pod', pod(true));
    // The setup is quicker than the probe's reuse window, as `kubectl scale` can be.
    const applier: LabApplier = {
      ...world.applier,
      applySetup: async () => reader.change('Pod', pod(false), 'shop', 'svc'),
    };
    const workspace = createLabWorkspace(
      lab,
      { namespace: 'svc' },
      { runId: 'r1', move: false },
      { applier, grader: world.grader, reader, deleteNamespaces: async () => undefined, settleTimeoutMs: 30 },
    );
    const grade = () => workspace.grader.gradeStep(lab, 'scene', { answers: {}, vars: { namespace: 'svc' } });
    expect((await grade()).checks[0]!.message).toBe('pods-up');
    await workspace.applier.applySetup!(lab, 'scene', { namespace: 'svc' });
    expect((await grade()).checks[0]!.message).toContain('had not settled after 0 s: pod shop is not Ready yet');
  });

  it('moves a lab with a port variable on too, once the namespaces it leaves have freed their node ports', async () => {
    const portLab = { ...lab, manifest: { ...lab.manifest, variables: { ...lab.manifest.variables } } };
    portLab.manifest.variables['nodePort'] = { type: 'port', default: '30080' };
    const testWith = async (withRelease: boolean) => {
      const world = namespacedWorld();
      // Node ports are global: a Service fact anywhere holds the port until released or deleted.
      const holder = () => [...world.spaces].find(([, facts]) => [...facts].some((f) => f.startsWith('service')));
      const applier: LabApplier = {
        ...world.applier,
        async applySolution(solveLab, step, vars, signal) {
          const held = holder();
          if (step === 'expose' && held && held[0] !== vars['namespace'])
            throw new Error(`port 30080 is already allocated by ${held[0]}`);
          return world.applier.applySolution(solveLab, step, vars, signal);
        },
      };
      const log: string[] = [];
      const workspace = createLabWorkspace(
        portLab,
        { namespace: 'svc', nodePort: '30080' },
        { runId: 'r1', move: true },
        {
          applier,
          grader: world.grader,
          reader: new FakeReader(),
          // Namespaces deleted in the background keep what they hold until the end of the run.
          deleteNamespaces: async (names) => {
            log.push(`delete ${names.join(',')}`);
          },
          ...(withRelease
            ? {
                releasePorts: async (names: readonly string[]) => {
                  log.push(`release ${names.join(',')}`);
                  for (const name of names)
                    for (const fact of world.spaces.get(name) ?? [])
                      if (fact.startsWith('service')) world.spaces.get(name)!.delete(fact);
                },
              }
            : {}),
        },
      );
      const report = await runLabTest(
        portLab,
        { vars: { namespace: 'svc', nodePort: '30080' }, fixtures, keep: false },
        { grader: workspace.grader, applier: workspace.applier, isPrecondition: async () => false, now: () => 0 },
      );
      expect(await workspace.finish()).toBeUndefined();
      return { report, log, namespaces: workspace.namespaces() };
    };
    const moved = await testWith(true);
    const inPlace = await testWith(false);
    expectAllOkBothWays(moved.report, inPlace.report);
    expect(inPlace.namespaces).toEqual(['svc']);
    // Every move frees the ports first, then deletes in the background; no copy is built beside them.
    // The last move, the reset at the end, frees the ports too: they are free once the run is over,
    // though the namespaces may still be going.
    expect(moved.log).toEqual([
      'release svc-r1-1',
      'delete svc-r1-1',
      'release svc-r1-2',
      'delete svc-r1-2',
      'delete svc-r1-1,svc-r1-2',
    ]);
  });

  it('restores a lab with step setups from a copy that replays setups and solutions in their order', async () => {
    const setupLab = { ...lab, steps: lab.steps.map((step) => ({ ...step, setup: { manifests: [] } })) };
    const testWith = async (move: boolean) => {
      const world = namespacedWorld();
      const facts = (vars: Readonly<Record<string, string>>) => {
        const name = vars['namespace']!;
        if (!world.spaces.has(name)) world.spaces.set(name, new Set());
        return world.spaces.get(name)!;
      };
      // Each step's setup breaks something that its solution mends; pods-up fails while broken.
      const applier: LabApplier = {
        ...world.applier,
        async applySetup(_lab, step, vars) {
          world.log.push(`setup ${step} in ${vars['namespace']}`);
          facts(vars).add(`broken-${step}`);
        },
        async applySolution(solveLab, step, vars, signal) {
          facts(vars).delete(`broken-${step}`);
          return world.applier.applySolution(solveLab, step, vars, signal);
        },
      };
      const grader: Grader = {
        async gradeStep(gradeLab, stepId, options) {
          const report = await world.grader.gradeStep(gradeLab, stepId, options);
          const broken = [...facts(options.vars)].some((fact) => fact.startsWith('broken-'));
          return {
            ...report,
            checks: report.checks.map((check) => (broken ? { ...check, status: 'fail' as const } : check)),
          };
        },
      };
      const workspace = createLabWorkspace(
        setupLab,
        { namespace: 'svc' },
        { runId: 'r1', move },
        { applier, grader, reader: new FakeReader(), deleteNamespaces: async () => undefined },
      );
      const report = await runLabTest(
        setupLab,
        { vars: { namespace: 'svc' }, fixtures, keep: false },
        { grader: workspace.grader, applier: workspace.applier, isPrecondition: async () => false, now: () => 0 },
      );
      expect(await workspace.finish()).toBeUndefined();
      return { report, log: world.log };
    };
    const moved = await testWith(true);
    const inPlace = await testWith(false);
    expectAllOkBothWays(moved.report, inPlace.report);
    expect(moved.log).toEqual([
      'reset svc-r1-1',
      'setup scene in svc-r1-1',
      'grade scene in svc-r1-1',
      'solve scene in svc-r1-1',
      'grade scene in svc-r1-1',
      'setup expose in svc-r1-1',
      'grade expose in svc-r1-1',
      'fixture no pods in svc-r1-1',
      // The copy replays what made the state, in order, while the fixture is graded.
      'setup scene in svc-r1-2',
      'solve scene in svc-r1-2',
      'setup expose in svc-r1-2',
      'grade expose in svc-r1-1',
      // The restore switched to the copy: nothing is applied again.
      'fixture typo in svc-r1-2',
      'grade expose in svc-r1-2',
      'remove svc-r1-2:service-typo',
      'solve expose in svc-r1-2',
      'grade expose in svc-r1-2',
    ]);
  });
});
