/** The JSON of `labs test --json` as the integration tests read it, and its problems named. */
import type { LabTestSummary } from '../../src/core/labTest/summary.js';

export interface LabTestJson {
  ok: boolean;
  dataPlane: boolean;
  summary: LabTestSummary;
  labs: {
    lab: string;
    status: string;
    error?: string;
    steps: {
      id: string;
      error?: string;
      solutionError?: string;
      checks: { id: string; verdict: string; reason: string }[];
      fixtures: { name: string; verdict: string; reason: string }[];
    }[];
  }[];
}

const bad = (verdict: string) => verdict === 'violated' || verdict === 'error';

/** Every violation and error of the run, named: a red run says which check, fixture or step. */
export function problemsOf(report: LabTestJson): string[] {
  return report.labs.flatMap((lab) => [
    ...(lab.error ? [`${lab.lab}: ${lab.error}`] : []),
    ...lab.steps.flatMap((step) => [
      ...[step.error, step.solutionError].flatMap((error) => (error ? [`${lab.lab}/${step.id}: ${error}`] : [])),
      ...step.checks.filter((c) => bad(c.verdict)).map((c) => `${lab.lab}/${step.id}/${c.id}: ${c.reason}`),
      ...step.fixtures
        .filter((f) => bad(f.verdict))
        .map((f) => `${lab.lab}/${step.id}/${f.name}: ${f.verdict}: ${f.reason}`),
    ]),
  ]);
}
