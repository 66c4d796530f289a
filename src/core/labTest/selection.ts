/**
 * `labs test --step ID` and `--fixture NAME`: the part of one lab to test while writing it. A
 * partial run replays the earlier steps without testing them and skips the later ones, so it
 * never proves the lab: the note it prints says so.
 */
import { inputError } from '../../errors.js';
import { suggestion } from '../didYouMean.js';
import { type Lab, requireStep } from '../lab.js';
import type { LoadedFixture } from './types.js';

export interface PartialRun {
  onlyStep: string;
  fixtures: LoadedFixture[];
}

export function selectPart(
  lab: Lab,
  fixtures: readonly LoadedFixture[],
  wanted: { step?: string | undefined; fixture?: string | undefined },
): PartialRun | undefined {
  if (wanted.step === undefined && wanted.fixture === undefined) return undefined;
  if (wanted.fixture !== undefined) {
    const fixture = fixtures.find((loaded) => loaded.name === wanted.fixture);
    if (!fixture) {
      throw inputError(
        `lab "${lab.id}" has no fixture "${wanted.fixture}"`,
        suggestion(
          wanted.fixture,
          fixtures.map((loaded) => loaded.name),
          'fixtures',
        ),
      );
    }
    if (wanted.step !== undefined && wanted.step !== fixture.fixture.step) {
      throw inputError(
        `fixture "${fixture.name}" belongs to step "${fixture.fixture.step}", not "${wanted.step}"`,
        `drop --step, or pass --step ${fixture.fixture.step}`,
      );
    }
    return { onlyStep: fixture.fixture.step, fixtures: [fixture] };
  }
  const step = requireStep(lab, wanted.step!);
  return { onlyStep: step.id, fixtures: fixtures.filter((loaded) => loaded.fixture.step === step.id) };
}

/** What a partial run leaves unproven, in one sentence for the report. */
export const partialRunNote = (lab: Lab, part: PartialRun, fixtureOnly: boolean): string =>
  `partial run: only step "${part.onlyStep}"${fixtureOnly ? ` and fixture ${part.fixtures[0]?.name}` : ''} of ${lab.id} ` +
  'was tested (earlier steps replayed, not tested; later steps not run). This does not prove the lab: ' +
  `run \`labs test ${lab.id}\` in full before publishing it.`;
