/**
 * How `labs test` marks the namespaces a run makes, so that a later run can delete what a run
 * killed outright (SIGKILL, a CI job's timeout) left behind. Each namespace the run made carries
 * the run's id as a label and, refreshed while the run lives, the time it was last seen. A later
 * run deletes marked namespaces of other runs once nobody has seen them for STALE_AFTER_MS.
 */

export const RUN_LABEL = 'k8s-labs.dev/test-run';
export const SEEN_ANNOTATION = 'k8s-labs.dev/test-run-seen';
/** How often a live run refreshes its namespaces' seen time. */
export const HEARTBEAT_MS = 30_000;
/** A run not seen for this long has stopped: ten heartbeats missed. */
export const STALE_AFTER_MS = 10 * HEARTBEAT_MS;

export interface MarkedNamespace {
  name: string;
  run: string;
  /** The seen annotation as written; when missing or unreadable, the creation time counts. */
  seen?: string | undefined;
  created?: string | undefined;
  /** Already being deleted. */
  terminating: boolean;
}

export interface StaleRun {
  run: string;
  namespaces: string[];
  /** When it was last seen, or undefined when its namespaces carry no readable time. */
  lastSeen?: Date | undefined;
}

/** The run's suffix in the names of its namespaces (`demos-k3x1-2`, `demos-k3x1-2-elsewhere`). */
const carriesRun = (name: string, run: string): boolean => /^[0-9a-z]{4}$/.test(run) && name.includes(`-${run}-`);
const timeOf = (text: string | undefined): number => (text === undefined ? Number.NaN : Date.parse(text));

/**
 * The runs other than `ownRun` whose namespaces nobody has seen for STALE_AFTER_MS, oldest first.
 * Only namespaces whose names carry their run's suffix count: a label copied onto another
 * namespace, or set by hand, never gets it deleted.
 */
export function staleRuns(marked: readonly MarkedNamespace[], now: number, ownRun?: string): StaleRun[] {
  const byRun = new Map<string, { namespaces: string[]; lastSeen: number }>();
  for (const namespace of marked) {
    if (namespace.run === ownRun || !carriesRun(namespace.name, namespace.run)) continue;
    const written = timeOf(namespace.seen);
    const seen = Number.isFinite(written) ? written : timeOf(namespace.created);
    const entry = byRun.get(namespace.run) ?? { namespaces: [], lastSeen: Number.NEGATIVE_INFINITY };
    // Any namespace of the run seen recently proves the run alive, terminating ones too.
    if (Number.isFinite(seen)) entry.lastSeen = Math.max(entry.lastSeen, seen);
    if (!namespace.terminating) entry.namespaces.push(namespace.name);
    byRun.set(namespace.run, entry);
  }
  return [...byRun.entries()]
    .filter(([, entry]) => entry.namespaces.length > 0 && now - entry.lastSeen > STALE_AFTER_MS)
    .sort(([, a], [, b]) => a.lastSeen - b.lastSeen)
    .map(([run, entry]) => ({
      run,
      namespaces: entry.namespaces.sort(),
      ...(Number.isFinite(entry.lastSeen) ? { lastSeen: new Date(entry.lastSeen) } : {}),
    }));
}

/** A run id (4 characters of base 36) that no marked namespace carries yet. */
export function freshRunId(taken: ReadonlySet<string>, random: () => number = Math.random): string {
  for (;;) {
    const id = Math.floor(random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
    if (!taken.has(id)) return id;
  }
}

/** "12 min ago", "3 h ago", for a note about a stale run. */
export function agoText(then: Date | undefined, now: number): string {
  if (!then) return 'at an unknown time';
  const minutes = Math.round((now - then.getTime()) / 60_000);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
