import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { parseDuration } from '../../core/workshop/duration.js';
import { checkWorkshopName, parseAttendees } from '../../core/workshop/names.js';
import { loadLab } from '../../adapters/fs/labRepository.js';
import { createWorkshop, planWorkshop, planYaml } from '../../app/workshop/createWorkshop.js';
import { deleteWorkshop } from '../../app/workshop/deleteWorkshop.js';
import { openRoster, type Roster } from '../../app/workshop/workshopRoster.js';
import { resetAttendee } from '../../app/workshop/resetAttendee.js';
import { type RosterRow, sortRoster } from '../../core/workshop/roster.js';
import { rosterCsv, rosterTable } from '../report/roster.js';
import { rosterCells } from '../../core/workshop/rosterCells.js';
import { confirm } from '../confirm.js';
import { type CommandContext, defineCommand, flag, valueOption, valueOptionOr } from '../command.js';
import { seconds } from '../output.js';
import { bundle, load } from '../workshopBundle.js';

const options = v.object({
  lab: valueOption('create: the lab the class takes (id or path)'),
  attendees: valueOption('create: how many attendees (attendee-01..), or a file with one name per line'),
  duration: valueOptionOr('8h', 'create: how long attendee access lasts, e.g. 8h, 90m'),
  out: valueOption(
    'create: where the kubeconfigs go (default ./<name>-attendees/); bundle: the archive (default ./<labs>-images.tar)',
  ),
  server: valueOption('create: API server URL to write into kubeconfigs (default: the context’s)'),
  dryRun: flag('create: print the objects as YAML, change nothing'),
  yes: flag('delete, reset: do not ask for confirmation'),
  csv: flag('status: print the roster as CSV'),
  watch: flag('status: keep watching; print the rows that change'),
  stuckAfter: valueOptionOr('10m', 'status: flag an attendee as stuck after this long on a step without passing'),
  step: valueOption('reset: put the attendee at the start of this step instead of the lab'),
});
type Options = v.InferOutput<typeof options>;

export default defineCommand({
  name: 'workshop',
  summary: 'run a class on one shared cluster: create | status | reset | delete | bundle | load',
  short: { yes: 'y' },
  positionals: [
    {
      name: 'action',
      description:
        'create (namespaces, accounts, kubeconfigs), status (the roster), reset (one attendee), delete (everything made), ' +
        "bundle (the labs' images in one archive), load (an archive into the local kind cluster)",
    },
    {
      name: 'name',
      description: 'the workshop name, e.g. kcd-2026; prefixes every namespace (bundle: a lab; load: the archive)',
    },
    {
      name: 'attendee',
      description: 'reset: the attendee to put back; bundle: more labs',
      optional: true,
      variadic: true,
    },
  ],
  options,
  examples: [
    'labs workshop create kcd --lab clusterip --attendees 30 --context my-cluster',
    'labs workshop create kcd --lab clusterip --attendees names.txt --context my-cluster --duration 4h',
    'labs workshop create kcd --lab clusterip --attendees 3 --dry-run',
    'labs workshop status kcd --context my-cluster',
    'labs workshop status kcd --context my-cluster --csv > roster.csv',
    'labs workshop status kcd --context my-cluster --watch --stuck-after 15m',
    'labs workshop reset kcd attendee-07 --step create-service --context my-cluster',
    'labs workshop delete kcd --context my-cluster',
    'labs workshop bundle clusterip --out clusterip-images.tar',
    'labs workshop load clusterip-images.tar --context kind-k8s-labs',
  ],
  async run(context) {
    const [action, name] = context.args as [string, string];
    if (action === 'bundle') return bundle(context);
    if (action === 'load') return load(context);
    const most = action === 'reset' ? 3 : 2;
    if (context.args.length > most)
      throw inputError(
        `unexpected argument "${context.args[most]}"`,
        `usage: labs workshop ${action} <name> [options]`,
      );
    checkWorkshopName(name);
    // Every request in flight (many attendees at once) listens to Ctrl-C.
    setMaxListeners(1000, context.signal);
    if (action === 'create') return create(context, name);
    if (action === 'delete') return remove(context, name);
    if (action === 'status') return status(context, name);
    if (action === 'reset') return reset(context, name);
    throw inputError(`unknown workshop action "${action}"`, 'use create, status, reset, delete, bundle or load');
  },
});

function chosenContext({ options: flags, env }: CommandContext<Options>): string {
  const chosen = flags.context ?? env['K8S_LABS_CONTEXT'];
  if (!chosen)
    throw inputError(
      'a workshop changes a shared cluster: name its context',
      'pass --context NAME (see `kubectl config get-contexts`)',
    );
  return chosen;
}

async function create(context: CommandContext<Options>, name: string): Promise<ExitCode> {
  const { options: flags, out, cwd, env, signal } = context;
  if (!flags.lab) throw inputError('missing --lab', 'e.g. --lab clusterip');
  if (!flags.attendees) throw inputError('missing --attendees', 'a count (--attendees 30) or a file of names');
  const file = path.resolve(cwd, flags.attendees);
  const isFile = !/^\d+$/.test(flags.attendees) && existsSync(file) && statSync(file).isFile();
  const attendees = parseAttendees(flags.attendees, isFile ? readFileSync(file, 'utf8') : undefined, flags.attendees);
  const durationSeconds = parseDuration(flags.duration);
  const lab = loadLab(flags.lab, cwd);
  const request = { name, lab, attendees };
  if (flags.dryRun) {
    out.line(planYaml(planWorkshop(request)).trimEnd());
    return ExitCode.ok;
  }
  const outDir = path.resolve(cwd, flags.out ?? `${name}-attendees`);
  const started = performance.now();
  const created = await createWorkshop(request, {
    context: chosenContext(context),
    env,
    durationSeconds,
    outDir,
    signal,
    ...(flags.server ? { server: flags.server } : {}),
    onAttendee: ({ attendee, done, total }) => out.note(`[${done}/${total}] ${attendee} ready`),
  });
  if (out.json) {
    out.writeJson({ workshop: name, lab: lab.id, outDir, attendees: created });
    return ExitCode.ok;
  }
  out.line(
    `workshop ${name}: ${created.length} attendee${created.length === 1 ? '' : 's'} ready in ${seconds(performance.now() - started)}; access until ${created[0]?.expiresAt ?? '?'}`,
  );
  out.line(`kubeconfigs (mode 0600) in ${outDir}`);
  out.line('');
  out.line(`tell each attendee to run:  k8s-labs start ${lab.id} --kubeconfig <their name>.kubeconfig`);
  return ExitCode.ok;
}

async function remove(context: CommandContext<Options>, name: string): Promise<ExitCode> {
  const { options: flags, out, env, signal, interactive } = context;
  const kubeContext = chosenContext(context);
  const ok = await confirm(
    `Delete every object labelled k8s-labs.dev/workshop=${name} on context ${kubeContext}, attendees' namespaces included?`,
    { yes: flags.yes, interactive, signal },
  );
  if (!ok) {
    out.note('nothing deleted');
    return ExitCode.notPassed;
  }
  const deleted = await deleteWorkshop(name, {
    context: kubeContext,
    env,
    signal,
    onDeleted: (ref) => out.note(`deleted ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`),
  });
  if (out.json) out.writeJson({ workshop: name, deleted });
  else out.line(`workshop ${name}: ${deleted.length} object${deleted.length === 1 ? '' : 's'} deleted`);
  return ExitCode.ok;
}

async function status(context: CommandContext<Options>, name: string): Promise<ExitCode> {
  const { options: flags, out, env, cwd, signal } = context;
  if (flags.csv && flags.json) throw inputError('--csv and --json cannot be combined', 'pass one of them');
  const roster = await openRoster(name, {
    context: chosenContext(context),
    env,
    cwd,
    stuckAfterMs: parseStuckAfter(flags.stuckAfter),
  });
  try {
    const began = performance.now();
    const rows = sortRoster(await roster.refresh(signal));
    const refreshMs = Math.round(performance.now() - began);
    const now = new Date();
    if (context.interactive && !flags.json && !flags.csv && !flags.watch) {
      await live(roster, name, rows, signal);
      return ExitCode.ok;
    }
    if (flags.json && flags.watch) for (const row of rows) out.line(JSON.stringify(row));
    else if (flags.json) out.writeJson({ workshop: name, lab: roster.lab.id, refreshMs, attendees: rows });
    else if (flags.csv) out.line(rosterCsv(rows));
    else for (const line of rosterTable(rows, now, out.style)) out.line(line);
    if (!flags.watch) return ExitCode.ok;
    out.note(out.style.dim('watching for changes (Ctrl-C to stop)'));
    await roster.watch((changed) => {
      for (const row of changed) {
        if (out.json) out.line(JSON.stringify({ at: new Date().toISOString(), ...row }));
        else
          out.line(
            `${new Date().toISOString().slice(11, 19)}  ${rosterCells(row, new Date()).filter(Boolean).join('  ')}`,
          );
      }
    }, signal);
    return ExitCode.ok;
  } finally {
    roster.close();
  }
}

function parseStuckAfter(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text.trim());
  if (!match) throw inputError(`--stuck-after ${text}: give a time such as 10m, 90s or 1h`, 'e.g. --stuck-after 15m');
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

async function reset(context: CommandContext<Options>, name: string): Promise<ExitCode> {
  const { options: flags, out, env, cwd, signal, interactive, args } = context;
  const attendee = args[2];
  if (!attendee)
    throw inputError('missing <attendee>', `usage: labs workshop reset ${name} <attendee> [--step <step>]`);
  if (!flags.lab) throw inputError('missing --lab', 'the lab of the workshop, e.g. --lab clusterip');
  const kubeContext = chosenContext(context);
  const lab = loadLab(flags.lab, cwd);
  const where = flags.step ? `the start of step "${flags.step}"` : 'the start of the lab';
  const ok = await confirm(
    `Put ${attendee} of workshop ${name} back at ${where}? Everything in their lab namespaces is deleted and rebuilt.`,
    { yes: flags.yes, interactive, signal },
  );
  if (!ok) {
    out.note('nothing changed');
    return ExitCode.notPassed;
  }
  const { step } = await resetAttendee(name, lab, attendee, {
    context: kubeContext,
    env,
    signal,
    ...(flags.step ? { stepId: flags.step } : {}),
    onLine: (line) => out.note(out.style.dim(line)),
  });
  out.line(
    `${attendee} is at the start of step "${step}": a guide they have open moves there within seconds, and their next \`labs\` command follows it too`,
  );
  return ExitCode.ok;
}

/** The live Ink table: the roster's watches feed it until q. */
async function live(roster: Roster, name: string, initial: RosterRow[], signal: AbortSignal): Promise<void> {
  const { runRosterScreen } = await import('../../ui/workshop/RosterScreen.js');
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const listeners = new Set<(rows: RosterRow[]) => void>();
  const watching = roster.watch((_changed, all) => listeners.forEach((listener) => listener(all)), stop.signal);
  try {
    await runRosterScreen(
      {
        workshop: name,
        lab: roster.lab.id,
        initial,
        subscribe(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        details: (attendee) =>
          (roster.report(attendee)?.checks ?? []).map(({ title, status, message }) => ({ title, status, message })),
      },
      signal,
    );
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    await watching.catch(() => undefined);
  }
}
