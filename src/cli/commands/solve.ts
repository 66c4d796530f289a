import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { afterSolve } from '../../core/progressChanges.js';
import { stepProgress } from '../../core/progress.js';
import { openCluster } from '../../adapters/connect.js';
import { applySolution } from '../../adapters/solutions/applySolution.js';
import { assertCanConfirm, confirm } from '../confirm.js';
import { defineCommand, flag, valueOption } from '../command.js';
import { openProgressStore, resolveLab, resolveStep, resolveVariables } from '../labContext.js';

export default defineCommand({
  name: 'solve',
  summary: "apply a step's reference solution (recorded as skipped)",
  short: { yes: 'y' },
  positionals: [{ name: 'lab', description: 'lab id or path (default: the lab you worked on last)', optional: true }],
  options: v.object({
    step: valueOption('step id (default: your current step)'),
    yes: flag('apply without asking for confirmation'),
  }),
  examples: ['labs solve clusterip', 'labs solve clusterip --step create-service --yes'],
  async run({ args, options, out, env, cwd, signal, interactive }) {
    const store = openProgressStore(out, env);
    const lab = resolveLab(args[0], store, cwd);
    const vars = resolveVariables(lab, options.var, env);
    const step = resolveStep(lab, store.load(lab.id), options.step);
    assertCanConfirm({ yes: options.yes, interactive }, `apply the reference solution of step "${step.id}"`);

    const session = await openCluster({ context: options.context, env });
    try {
      const context = session.target.context;
      const go = await confirm(
        `Apply the reference solution of step "${step.id}" (${step.title}) to context ${context}?`,
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
      const show = (line: string): void => (out.json ? out.note(`  ${line}`) : out.line(`  ${out.style.dim(line)}`));
      const answers = await applySolution(session, lab, step.id, vars, { signal, onLine: show });
      const progress = store.update(lab.id, (current) =>
        afterSolve(lab, current, step.id, answers, new Date().toISOString()),
      );
      store.setCurrentLab(lab.id);
      const recordedAs = stepProgress(progress, step.id).status;
      const next = progress.currentStep !== step.id ? progress.currentStep : undefined;
      if (out.json) {
        out.writeJson({ lab: lab.id, step: step.id, context, recordedAs, answers, currentStep: progress.currentStep });
        return ExitCode.ok;
      }
      out.line(`${out.style.green('Applied')} the reference solution of step "${step.id}" on ${context}.`);
      for (const [id, value] of Object.entries(answers)) out.line(`  answer to ${id}: ${value}`);
      out.line(
        `The step is recorded as ${recordedAs === 'passed' ? 'passed (you had passed it before)' : 'skipped, not passed'}.`,
      );
      out.line(next ? `Next: step "${next}" (\`labs check ${lab.id}\` grades it).` : 'That was the last step.');
      return ExitCode.ok;
    } finally {
      session.close();
    }
  },
});
