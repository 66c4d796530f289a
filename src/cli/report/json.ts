/**
 * The `labs check --json` document. Its shape is documented in docs/checker-sdk.md; change it only
 * additively, and bump REPORT_SCHEMA_VERSION when a field changes meaning or disappears.
 */
import type { Lab } from '../../core/lab.js';
import type { ClusterTarget } from '../../core/ports.js';
import type { CheckReport, CheckStatus, ErrorKind, OverallStatus, StepReport } from '../../core/grading/types.js';
import { combinedStatus } from './summary.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface JsonCheck {
  id: string;
  title: string;
  kind: 'check' | 'question';
  status: CheckStatus;
  message: string;
  hint: string | null;
  durationMs: number;
  /** Set when status is "error". */
  error: { kind: ErrorKind; next: string | null } | null;
}

export interface JsonStep {
  step: string;
  title: string;
  status: OverallStatus;
  durationMs: number;
  checks: JsonCheck[];
}

interface JsonCommon {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  lab: string;
  context: string | null;
  server: string | null;
  status: OverallStatus;
}

/** One step: `labs check [--step ID]`. */
export type JsonStepReport = JsonCommon & JsonStep;
/** Every step: `labs check --all`. */
export type JsonLabReport = JsonCommon & { durationMs: number; steps: JsonStep[] };

const round = (ms: number): number => Math.round(ms);

export function jsonCheck(check: CheckReport): JsonCheck {
  return {
    id: check.id,
    title: check.title,
    kind: check.kind,
    status: check.status,
    message: check.message,
    hint: check.hint ?? null,
    durationMs: round(check.durationMs),
    error: check.status === 'error' ? { kind: check.errorKind ?? 'checker', next: check.next ?? null } : null,
  };
}

export function jsonStep(lab: Lab, report: StepReport): JsonStep {
  return {
    step: report.step,
    title: lab.steps.find((step) => step.id === report.step)?.title ?? report.step,
    status: report.status,
    durationMs: round(report.durationMs),
    checks: report.checks.map(jsonCheck),
  };
}

function common(lab: Lab, status: OverallStatus, target: ClusterTarget | undefined): JsonCommon {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    lab: lab.id,
    context: target?.context ?? null,
    server: target?.server ?? null,
    status,
  };
}

export function jsonStepReport(lab: Lab, report: StepReport, target: ClusterTarget | undefined): JsonStepReport {
  return { ...common(lab, report.status, target), ...jsonStep(lab, report) };
}

export function jsonLabReport(
  lab: Lab,
  reports: readonly StepReport[],
  durationMs: number,
  target: ClusterTarget | undefined,
): JsonLabReport {
  return {
    ...common(lab, combinedStatus(reports), target),
    durationMs: round(durationMs),
    steps: reports.map((report) => jsonStep(lab, report)),
  };
}
