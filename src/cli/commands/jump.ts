import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { requireStep } from '../../core/lab.js';
import type { RebuildEvent } from '../../app/labSession.js';
import { defineCommand, flag } from '../command.js';
import { assertCanConfirm, confirmChange } from '../confirm.js';
import type { Output } from '../output.js';
import { openSession } from '../session.js';
import { followUp } from '../followUp.js';
import { labReference } from '../../adapters/fs/labRepository.js';

export default defineCommand({
  name: 'jump',
  summary: 'rebuild the cluster state at the start of a step',
  short: { yes: 'y' },
  positionals: [
    { name: 'lab', description: 'lab id or path' },
    { name: 'step', description: 'the step to start at' },
  ],
  options: v.object({ yes: flag('go ahead without asking for confirmation') }),
  examples: ['labs jump clusterip create-service', 'labs jump clusterip loop --yes --var namespace=alice'],
  async run(context) {
    const { args, options, out, signal, interactive } = context;
    const session = openSession(context, args[0]);
    const { lab } = session;
    const target = requireStep(lab, args[1]!);
    const earlier = lab.steps.slice(0, lab.steps.indexOf(target));
    const owned = session.owned();
    assertCanConfirm({ yes: options.yes, interactive }, `rebuild lab "${lab.id}" at step "${target.id}"`);
    try {
      const { context: cluster } = (await session.cluster()).target;
      const replay =
        earlier.length > 0 ? ` and replays the solutions of ${earlier.map((step) => step.id).join(', ')}` : '';
      const question = `Rebuild lab ${lab.id} on context ${cluster} at the start of step "${target.id}"? This deletes ${owned}${replay}.`;
      if (!(await confirmChange(out, question, { yes: options.yes, interactive, signal }))) return ExitCode.ok;
      await session.rebuildAt(target, { signal, onEvent: (event) => printEvent(out, event) });
      if (out.json) {
        out.writeJson({
          lab: lab.id,
          context: cluster,
          currentStep: target.id,
          replayed: earlier.map((step) => step.id),
        });
      } else {
        out.line(
          `Ready at step ${earlier.length + 1} "${target.id}" (${target.title}). Earlier steps are recorded as skipped.`,
        );
        // The session made this lab the current one, so its id finds it again (from its folder too).
        const ref = labReference(lab, context.cwd, lab.dir);
        const kubeconfig = options.kubeconfig;
        out.line(
          `Continue with \`${followUp(`labs start ${ref}`, kubeconfig)}\`, or grade with \`${followUp(`labs check ${ref}`, kubeconfig)}\`.`,
        );
      }
      return ExitCode.ok;
    } finally {
      session.close();
    }
  },
});

function printEvent(out: Output, event: RebuildEvent): void {
  const say = (line: string): void => (out.json ? out.note(line) : out.line(line));
  const took = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  if (event.type === 'reset') {
    const gone = [...event.removed.namespaces.map((name) => `namespace ${name}`), ...event.removed.objects];
    say(
      `${out.style.green('✓')} reset: ${gone.length > 0 ? `deleted ${gone.join(', ')}` : 'nothing to delete'} (${took(event.durationMs)})`,
    );
  } else {
    say(
      `${out.style.green('✓')} step ${event.index + 1} ${event.stepId}: solution applied (${took(event.durationMs)})`,
    );
  }
}
