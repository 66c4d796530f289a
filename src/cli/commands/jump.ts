import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { findStep } from '../../core/lab.js';
import { describeOwned, ownedTargets } from '../../core/labNamespaces.js';
import { afterJump } from '../../core/progressChanges.js';
import { openCluster } from '../../adapters/connect.js';
import { assertCanConfirm, confirm } from '../confirm.js';
import { rebuildAtStep } from '../../adapters/solutions/rebuildAtStep.js';
import { defineCommand, flag } from '../command.js';
import { openProgressStore, resolveLab, resolveVariables } from '../labContext.js';

export default defineCommand({
  name: 'jump',
  summary: 'rebuild the cluster state at the start of a step',
  short: { yes: 'y' },
  positionals: [
    { name: 'lab', description: 'lab id or path' },
    { name: 'step', description: 'the step to start at' },
  ],
  options: v.object({ yes: flag('go ahead without asking for confirmation') }),
  examples: ['labs jump clusterip create-service', 'labs jump clusterip scale-up --yes --var namespace=alice'],
  async run({ args, options, out, env, cwd, signal, interactive }) {
    const store = openProgressStore(out, env);
    const lab = resolveLab(args[0], store, cwd);
    const target = findStep(lab, args[1]!);
    if (!target)
      throw inputError(`lab "${lab.id}" has no step "${args[1]}"`, `steps: ${lab.steps.map((s) => s.id).join(', ')}`);
    const vars = resolveVariables(lab, options.var, env);
    const earlier = lab.steps.slice(0, lab.steps.indexOf(target));
    const owned = describeOwned(ownedTargets(lab, vars));
    assertCanConfirm({ yes: options.yes, interactive }, `rebuild lab "${lab.id}" at step "${target.id}"`);

    const session = await openCluster({ context: options.context, env });
    try {
      const context = session.target.context;
      const replay =
        earlier.length > 0 ? ` and replays the solutions of ${earlier.map((step) => step.id).join(', ')}` : '';
      const go = await confirm(
        `Rebuild lab ${lab.id} on context ${context} at the start of step "${target.id}"? This deletes ${owned}${replay}.`,
        {
          yes: options.yes,
          interactive,
          signal,
        },
      );
      if (!go) {
        out.note('Nothing was changed.');
        return ExitCode.ok;
      }
      const say = (line: string): void => (out.json ? out.note(line) : out.line(line));
      const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
      const answersByStep = await rebuildAtStep(session, lab, target.id, vars, {
        signal,
        onEvent(event) {
          if (event.type === 'reset') {
            const gone = [...event.removed.namespaces.map((name) => `namespace ${name}`), ...event.removed.objects];
            say(
              `${out.style.green('✓')} reset: ${gone.length > 0 ? `deleted ${gone.join(', ')}` : 'nothing to delete'} (${seconds(event.durationMs)})`,
            );
          } else {
            say(
              `${out.style.green('✓')} step ${event.index + 1} ${event.stepId}: solution applied (${seconds(event.durationMs)})`,
            );
          }
        },
      });
      store.update(lab.id, (progress) => afterJump(lab, progress, target.id, answersByStep, new Date().toISOString()));
      store.setCurrentLab(lab.id);
      if (out.json) {
        out.writeJson({ lab: lab.id, context, currentStep: target.id, replayed: earlier.map((step) => step.id) });
      } else {
        out.line(
          `Ready at step ${earlier.length + 1} "${target.id}" (${target.title}). Earlier steps are recorded as skipped.`,
        );
        out.line(`Continue with \`labs start ${lab.id}\`, or grade with \`labs check ${lab.id}\`.`);
      }
      return ExitCode.ok;
    } finally {
      session.close();
    }
  },
});
