/**
 * Progress of `labs cluster up` as named phases with timings: kind's own steps, parsed from its
 * output ("✓ Starting control-plane 🕹️"), followed by ours (waiting for the node, the default
 * ServiceAccount). Pure apart from the clock, which is injected.
 */

export interface ClusterPhase {
  /** Stable id, e.g. node-image, nodes, config, control-plane, cni, storage, node-ready, service-account. */
  id: string;
  /** What the learner reads, e.g. "Starting control-plane". */
  title: string;
  status: 'started' | 'done' | 'failed';
  /** Time spent in this phase so far; its total once done or failed. */
  phaseMs: number;
}

/** Called on every phase change with the time since `clusterUp` began. */
export type PhaseListener = (phase: ClusterPhase, elapsedMs: number) => void;

export interface PhaseTiming {
  id: string;
  title: string;
  ms: number;
}

const KIND_PHASE_IDS: [prefix: string, id: string][] = [
  ['Ensuring node image', 'node-image'],
  ['Preparing nodes', 'nodes'],
  ['Writing configuration', 'config'],
  ['Starting control-plane', 'control-plane'],
  ['Installing CNI', 'cni'],
  ['Installing StorageClass', 'storage'],
  ['Joining worker nodes', 'workers'],
  ['Waiting', 'kind-wait'],
];

export interface KindProgressLine {
  mark: 'start' | 'done' | 'failed';
  id: string;
  title: string;
}

/**
 * One line of kind's output as a phase change, or undefined. kind prints " • Title 📦  ..." when a
 * step starts, " ✓ Title 📦" when it ends and " ✗ Title 📦" when it fails (on a terminal the start
 * mark is a spinner frame instead of the bullet).
 */
export function parseKindLine(line: string): KindProgressLine | undefined {
  const match = /^\s*(\S+)\s+(.+?)\s*$/u.exec(line);
  if (!match) return undefined;
  const [, symbol, rest] = match as unknown as [string, string, string];
  const mark =
    symbol === '✓'
      ? 'done'
      : symbol === '✗'
        ? 'failed'
        : symbol === '•' || /^[\u2800-\u28FF]+$/u.test(symbol)
          ? 'start'
          : undefined;
  if (!mark) return undefined;
  // Drop the trailing emoji and the "..." kind appends while a step runs.
  const title = rest
    .replace(/\s*\.\.\.\s*$/, '')
    .replace(/\s*[^\x20-\x7E].*$/u, '')
    .trim();
  if (!title) return undefined;
  const known = KIND_PHASE_IDS.find(([prefix]) => title.startsWith(prefix));
  const id =
    known?.[1] ??
    title
      .toLowerCase()
      .replace(/\(.*\)/, '')
      .trim()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return { mark, id, title };
}

export interface PhaseTracker {
  start(id: string, title: string): void;
  /** Ends the running phase (or the named one, when it is running). */
  done(id?: string): void;
  fail(id?: string): void;
  /** Applies one line of kind output. */
  kindLine(line: string): void;
  elapsedMs(): number;
  readonly finished: PhaseTiming[];
  current(): { id: string; title: string } | undefined;
}

export function createPhaseTracker(
  onPhase: PhaseListener | undefined,
  now: () => number = () => performance.now(),
): PhaseTracker {
  const began = now();
  const finished: PhaseTiming[] = [];
  let running: { id: string; title: string; since: number } | undefined;

  const emit = (id: string, title: string, status: ClusterPhase['status'], phaseMs: number): void => {
    onPhase?.({ id, title, status, phaseMs: Math.round(phaseMs) }, Math.round(now() - began));
  };
  const end = (status: 'done' | 'failed', id?: string): void => {
    if (!running || (id !== undefined && running.id !== id)) return;
    const ms = now() - running.since;
    finished.push({ id: running.id, title: running.title, ms: Math.round(ms) });
    emit(running.id, running.title, status, ms);
    running = undefined;
  };

  return {
    finished,
    start(id, title) {
      if (running?.id === id) return;
      end('done');
      running = { id, title, since: now() };
      emit(id, title, 'started', 0);
    },
    done: (id) => end('done', id),
    fail: (id) => end('failed', id),
    kindLine(line) {
      const parsed = parseKindLine(line);
      if (!parsed) return;
      if (parsed.mark === 'start') this.start(parsed.id, parsed.title);
      else if (parsed.mark === 'done') {
        // A step that finished without a visible start (fast steps on some kind versions).
        if (running?.id !== parsed.id) this.start(parsed.id, parsed.title);
        end('done', parsed.id);
      } else {
        if (running?.id !== parsed.id) this.start(parsed.id, parsed.title);
        end('failed', parsed.id);
      }
    },
    elapsedMs: () => Math.round(now() - began),
    current: () => (running ? { id: running.id, title: running.title } : undefined),
  };
}
