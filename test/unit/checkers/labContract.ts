/**
 * The contract every built-in lab's checkers meet, as `labs test` will demand it on a real
 * cluster, proved here on the fake one:
 * - once a step's reference solution is applied, all its checks pass and the reference answers
 *   match the expected values read from the cluster;
 * - before it, every check fails except preconditions, which pass;
 * - every wrong-answer fixture is rejected by each check it lists;
 * - every check and question is the target of at least one fixture.
 */
import { describe, expect, it } from 'vitest';
import { FakeCluster } from './fakeCluster.js';
import {
  applyFixture,
  clusterAfter,
  clusterBefore,
  grade,
  gradedIds,
  loadFixtures,
  loadLab,
  stepOf,
} from './labHarness.js';

export interface LabContract {
  lab: string;
  /** What a learner answers on the fake cluster once everything before is solved. */
  answers: Record<string, string>;
}

export function describeLabContract({ lab: id, answers }: LabContract): void {
  const t = loadLab(id);
  const steps = t.lab.steps.map((step) => [step.id] as const);
  const fixtures = loadFixtures(t);

  describe(`${id}: contract`, () => {
    it.each(steps)('step %s passes once solved', async (stepId) => {
      const step = stepOf(t, stepId);
      const cluster = clusterAfter(t, stepId);
      for (const checkId of gradedIds(step)) {
        const result = await grade(t, cluster, checkId, answers[checkId]);
        expect({ checkId, ...result }).toMatchObject({ checkId, passed: true });
      }
    });

    it.each(steps)('step %s does not pass before it is solved (preconditions do)', async (stepId) => {
      const step = stepOf(t, stepId);
      expect(gradedIds(step).length).toBeGreaterThan(0);
      const cluster = clusterBefore(t, stepId);
      let notYet = 0;
      for (const checkId of step.checks) {
        const result = await grade(t, cluster, checkId);
        expect({ checkId, passed: result.passed }).toEqual({ checkId, passed: result.precondition });
        if (!result.precondition) notYet += 1;
      }
      expect(
        notYet + step.questions.length,
        'a step needs a check or question that fails before it is solved',
      ).toBeGreaterThan(0);
    });

    it.each(fixtures.map((f) => [f.name, f] as const))('fixture %s is rejected', async (_name, { fixture }) => {
      const cluster = clusterBefore(t, fixture.step);
      applyFixture(cluster, fixture);
      for (const checkId of fixture.rejects) {
        const result = await grade(t, cluster, checkId, fixture.answers[checkId]);
        expect({ checkId, passed: result.passed }).toEqual({ checkId, passed: false });
        expect(result.message.length).toBeGreaterThan(0);
      }
    });

    it('has a fixture for every check and question', () => {
      const covered = new Set(fixtures.flatMap((f) => f.fixture.rejects));
      const all = t.lab.steps.flatMap(gradedIds);
      expect(all.filter((checkId) => !covered.has(checkId))).toEqual([]);
    });

    it('grades every question on a cluster without the lab: a wrong answer, never a checker failure', async () => {
      for (const question of t.lab.steps.flatMap((s) => s.questions)) {
        const result = await grade(t, new FakeCluster(), question.id, answers[question.id]).catch((error: unknown) => ({
          error,
        }));
        expect({ id: question.id, threw: 'error' in result }).toEqual({ id: question.id, threw: false });
      }
    });

    it('has a reference answer for every question in this test', () => {
      const questions = t.lab.steps.flatMap((s) => s.questions.map((q) => q.id));
      expect(questions.filter((q) => !(q in answers))).toEqual([]);
    });
  });
}
