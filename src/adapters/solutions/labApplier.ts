/** The LabApplier `labs test` runs through, over one cluster session. */
import type { LabApplier } from '../../core/labTest/types.js';
import { applySolution, type SolutionSession } from './applySolution.js';
import { applyFixture, removeFixture } from './applyFixture.js';
import { resetLab } from './resetLab.js';
import { applySetup } from './applySetup.js';

export function createLabApplier(session: SolutionSession, onLine?: (line: string) => void): LabApplier {
  const lines = onLine ? { onLine } : {};
  const withSignal = (signal: AbortSignal | undefined) => ({ ...lines, ...(signal ? { signal } : {}) });
  return {
    async reset(lab, vars, signal) {
      await resetLab(session, lab, vars, withSignal(signal));
    },
    applySolution: (lab, stepId, vars, signal) => applySolution(session, lab, stepId, vars, withSignal(signal)),
    applyFixture: (lab, fixture, vars, signal) => applyFixture(session, lab, fixture, vars, withSignal(signal)),
    applySetup: (lab, stepId, vars, signal) => applySetup(session, lab, stepId, vars, withSignal(signal)),
    removeFixture: (_lab, applied, signal) => removeFixture(session, applied, withSignal(signal)),
  };
}
