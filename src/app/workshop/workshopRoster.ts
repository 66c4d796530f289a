/**
 * The instructor's roster of a workshop: every attendee's ledger (one list of the labelled
 * ConfigMaps) and a live, read-only grading of their current step, a few attendees at a time.
 * `watch` follows the API's watches (ledgers and what the checks read) and re-grades only the
 * attendee whose namespace changed.
 */
import { inputError } from '../../errors.js';
import type { Lab } from '../../core/lab.js';
import type { StepReport } from '../../core/grading/types.js';
import type { KindName } from '../../core/kinds.js';
import { labVariables } from '../../core/labVariables.js';
import { LEDGER_KEY, type Ledger, parseLedger } from '../../core/workshop/ledger.js';
import {
  ATTENDEE_LABEL,
  attendeeNamespace,
  LAB_ANNOTATION,
  LEDGER_CONFIGMAP,
  WORKSHOP_LABEL,
} from '../../core/workshop/names.js';
import { planAttendee } from '../../core/workshop/plan.js';
import { currentStepOf, rosterRow, type RosterRow, rowSignature } from '../../core/workshop/roster.js';
import { createSessionGrader } from '../../adapters/checkers/sessionGrader.js';
import { createCheckerLoader } from '../../adapters/checkers/loadChecker.js';
import { connectCluster } from '../../adapters/connect.js';
import { loadLab } from '../../adapters/fs/labRepository.js';
import { readLedger } from '../../adapters/kube/ledgerConfigMap.js';
import { writeError } from '../../adapters/kube/writes.js';
import { scopedReader } from './attendeeCluster.js';
import { mapLimited } from './pool.js';

export interface RosterOptions {
  context: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stuckAfterMs: number;
  concurrency?: number;
  now?: () => Date;
}

export interface Roster {
  readonly lab: Lab;
  /** Reads every ledger and grades every attendee. */
  refresh(signal?: AbortSignal): Promise<RosterRow[]>;
  /** The last grading of one attendee, for the details view. */
  report(attendee: string): StepReport | undefined;
  /** Calls `onChange` with the rows that changed, until `signal` aborts. Call after `refresh`. */
  watch(onChange: (changed: RosterRow[], all: RosterRow[]) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

interface Entry {
  attendee: string;
  home: string;
  namespaces: string[];
  ledger: Ledger | undefined;
  report?: StepReport;
  gradeError?: string;
  row?: RosterRow;
}

interface LedgerList {
  items?: {
    metadata: { namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    data?: Record<string, string>;
  }[];
}

export async function openRoster(name: string, options: RosterOptions): Promise<Roster> {
  const { session, transport } = await connectCluster({ context: options.context, env: options.env });
  const now = options.now ?? (() => new Date());
  try {
    const selector = encodeURIComponent(`${WORKSHOP_LABEL}=${name}`);
    const response = await transport.request(
      `/api/v1/configmaps?labelSelector=${selector}&fieldSelector=metadata.name%3D${LEDGER_CONFIGMAP}`,
    );
    if (response.status !== 200)
      throw writeError(transport, 'list', `the ledgers of workshop ${name}`, response.status, response.body);
    const items = (JSON.parse(response.body) as LedgerList).items ?? [];
    if (items.length === 0)
      throw inputError(
        `no workshop "${name}" on context ${options.context}`,
        `create it with \`labs workshop create ${name} --lab <lab> --attendees <n> --context ${options.context}\``,
      );
    const lab = loadLab(items[0]!.metadata.annotations?.[LAB_ANNOTATION] ?? '', options.cwd);
    const entries = new Map<string, Entry>();
    const byNamespace = new Map<string, Entry>();
    for (const item of items) {
      const attendee = item.metadata.labels?.[ATTENDEE_LABEL] ?? item.metadata.namespace;
      const plan = planAttendee({ workshop: name, lab, attendee });
      const entry: Entry = {
        attendee,
        home: item.metadata.namespace,
        namespaces: plan.labNamespaces,
        ledger: parseLedger(item.data?.[LEDGER_KEY]),
      };
      entries.set(attendee, entry);
      for (const namespace of [entry.home, ...entry.namespaces]) byNamespace.set(namespace, entry);
    }
    // Each attendee is graded as they see the cluster: "every namespace" is their own namespaces
    // (listing the whole cluster for every attendee would also cost seconds with 100 of them).
    const loadChecker = createCheckerLoader();
    const graders = new Map(
      [...entries.values()].map((entry) => [
        entry,
        createSessionGrader({ ...session, reader: scopedReader(session.reader, entry.namespaces) }, loadChecker),
      ]),
    );
    const defaults = labVariables(lab);

    const grade = async (entry: Entry, signal?: AbortSignal): Promise<RosterRow> => {
      const stepId = currentStepOf(lab, entry.ledger);
      const step = lab.steps.find((s) => s.id === stepId)!;
      delete entry.gradeError;
      try {
        entry.report = await graders.get(entry)!.gradeStep(lab, stepId, {
          answers: {},
          vars: { ...defaults, namespace: attendeeNamespace(name, entry.attendee) },
          only: step.checks,
          wait: false,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        delete entry.report;
        entry.gradeError = (error as Error).message;
      }
      entry.row = rosterRow({
        attendee: entry.attendee,
        namespace: attendeeNamespace(name, entry.attendee),
        lab,
        ledger: entry.ledger,
        report: entry.report,
        ...(entry.gradeError ? { gradeError: entry.gradeError } : {}),
        now: now(),
        stuckAfterMs: options.stuckAfterMs,
      });
      return entry.row;
    };
    const rows = (): RosterRow[] => [...entries.values()].flatMap((entry) => (entry.row ? [entry.row] : []));
    const concurrency = options.concurrency ?? 32;

    return {
      lab,
      async refresh(signal) {
        await mapLimited([...entries.values()], concurrency, (entry) => grade(entry, signal));
        return rows();
      },
      report: (attendee) => entries.get(attendee)?.report,
      async watch(onChange, signal) {
        const kinds = new Set<KindName>(['ConfigMap']);
        for (const entry of entries.values()) for (const read of entry.report?.reads ?? []) kinds.add(read.kind);
        const dirty = new Map<Entry, boolean>();
        let timer: NodeJS.Timeout | undefined;
        let flushing = false;
        // One flush at a time: under a stream of events, re-grading in parallel batches piles up.
        const flush = async (): Promise<void> => {
          timer = undefined;
          if (flushing) return;
          flushing = true;
          try {
            await flushOnce();
          } finally {
            flushing = false;
          }
          if (dirty.size > 0 && !signal.aborted) timer ??= setTimeout(() => void flush(), 50);
        };
        const flushOnce = async (): Promise<void> => {
          const batch = [...dirty];
          dirty.clear();
          const changed: RosterRow[] = [];
          await mapLimited(batch, concurrency, async ([entry, ledgerChanged]) => {
            if (ledgerChanged) entry.ledger = await readLedger(transport, entry.home, signal).catch(() => entry.ledger);
            const before = entry.row ? rowSignature(entry.row) : '';
            const row = await grade(entry, signal);
            if (rowSignature(row) !== before) changed.push(row);
          });
          if (changed.length > 0 && !signal.aborted) onChange(changed, rows());
        };
        await session.reader.watch(
          [...kinds].map((kind) => ({ kind })),
          (event) => {
            const entry = event.namespace ? byNamespace.get(event.namespace) : undefined;
            if (!entry) return;
            const ledgerChanged = event.kind === 'ConfigMap' && event.name === LEDGER_CONFIGMAP;
            if (event.kind === 'ConfigMap' && !ledgerChanged && event.namespace === entry.home) return;
            dirty.set(entry, (dirty.get(entry) ?? false) || ledgerChanged);
            // A burst of events (a Deployment rolling out) becomes one re-grade.
            timer ??= setTimeout(() => void flush(), 50);
          },
          signal,
        );
        if (timer) clearTimeout(timer);
      },
      close: () => session.close(),
    };
  } catch (error) {
    session.close();
    throw error;
  }
}
