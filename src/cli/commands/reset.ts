import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { defineCommand, flag } from '../command.js';
import { assertCanConfirm, confirmChange } from '../confirm.js';
import { openSession } from '../session.js';
import { followUp } from '../followUp.js';
import { labReference } from '../../adapters/fs/labRepository.js';

export default defineCommand({
  name: 'reset',
  summary: 'remove what a lab created and clear its progress',
  short: { yes: 'y' },
  positionals: [{ name: 'lab', description: 'lab id or path' }],
  options: v.object({ yes: flag('go ahead without asking for confirmation') }),
  examples: ['labs reset clusterip', 'labs reset clusterip --yes --var namespace=alice'],
  async run(context) {
    const { args, options, out, signal, interactive } = context;
    const session = openSession(context, args[0]!);
    const { lab } = session;
    const owned = session.owned();
    assertCanConfirm({ yes: options.yes, interactive }, `reset lab "${lab.id}"`);
    try {
      const { context: cluster } = (await session.cluster()).target;
      const question = `Delete ${owned} on context ${cluster}, and clear your progress in ${lab.id}?`;
      if (!(await confirmChange(out, question, { yes: options.yes, interactive, signal }))) return ExitCode.ok;
      const removed = await session.reset({
        signal,
        ...(out.json ? {} : { onLine: (line: string) => out.line(`  ${line}`) }),
      });
      if (out.json) {
        out.writeJson({ lab: lab.id, context: cluster, deleted: removed, progressCleared: true });
      } else {
        out.line(
          `${out.style.green('Reset')} ${lab.id} on ${cluster}: ${
            lab.where === 'workshop' ? 'your namespaces are emptied' : 'its namespaces and objects are gone'
          } and its progress is cleared.`,
        );
        out.line(
          `Start again with \`${followUp(`labs start ${labReference(lab, context.cwd)}`, options.kubeconfig)}\`.`,
        );
      }
      return ExitCode.ok;
    } finally {
      session.close();
    }
  },
});
