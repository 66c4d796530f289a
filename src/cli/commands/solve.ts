import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { defineCommand, flag, valueOption } from '../command.js';
import { assertCanConfirm, confirmChange } from '../confirm.js';
import { openSession } from '../session.js';
import { labReference } from '../../adapters/fs/labRepository.js';
import { followUp } from '../followUp.js';

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
  async run(context) {
    const { args, options, out, signal, interactive } = context;
    const session = openSession(context, args[0]);
    const { lab } = session;
    const step = session.step(options.step);
    assertCanConfirm({ yes: options.yes, interactive }, `apply the reference solution of step "${step.id}"`);
    try {
      const { context: cluster } = (await session.cluster()).target;
      const question = `Apply the reference solution of step "${step.id}" (${step.title}) to context ${cluster}?`;
      if (!(await confirmChange(out, question, { yes: options.yes, interactive, signal }))) return ExitCode.ok;
      const show = (line: string): void => (out.json ? out.note(`  ${line}`) : out.line(`  ${out.style.dim(line)}`));
      const { answers, recordedAs, currentStep } = await session.solve(step, { signal, onLine: show });
      if (out.json) {
        out.writeJson({ lab: lab.id, step: step.id, context: cluster, recordedAs, answers, currentStep });
        return ExitCode.ok;
      }
      const next = currentStep !== step.id ? currentStep : undefined;
      out.line(`${out.style.green('Applied')} the reference solution of step "${step.id}" on ${cluster}.`);
      for (const [id, value] of Object.entries(answers)) out.line(`  answer to ${id}: ${value}`);
      out.line(
        `The step is recorded as ${recordedAs === 'passed' ? 'passed (you had passed it before)' : 'skipped, not passed'}.`,
      );
      out.line(
        next
          ? `Next: step "${next}" (\`${followUp(`labs check ${labReference(lab, context.cwd, lab.dir)}`, options.kubeconfig)}\` grades it).`
          : 'That was the last step.',
      );
      return ExitCode.ok;
    } finally {
      session.close();
    }
  },
});
