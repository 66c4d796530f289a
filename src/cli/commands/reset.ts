import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { describeOwned, ownedTargets } from '../../core/labNamespaces.js';
import { openCluster } from '../../adapters/connect.js';
import { loadLab } from '../../adapters/fs/labRepository.js';
import { assertCanConfirm, confirm } from '../confirm.js';
import { resetLab } from '../../adapters/solutions/resetLab.js';
import { defineCommand, flag } from '../command.js';
import { openProgressStore, resolveVariables } from '../labContext.js';

export default defineCommand({
  name: 'reset',
  summary: 'remove what a lab created and clear its progress',
  short: { yes: 'y' },
  positionals: [{ name: 'lab', description: 'lab id or path' }],
  options: v.object({ yes: flag('go ahead without asking for confirmation') }),
  examples: ['labs reset clusterip', 'labs reset clusterip --yes --var namespace=alice'],
  async run({ args, options, out, env, cwd, signal, interactive }) {
    const store = openProgressStore(out, env);
    const lab = loadLab(args[0]!, cwd);
    const vars = resolveVariables(lab, options.var, env);
    const owned = describeOwned(ownedTargets(lab, vars));
    assertCanConfirm({ yes: options.yes, interactive }, `reset lab "${lab.id}"`);

    const session = await openCluster({ context: options.context, env });
    try {
      const context = session.target.context;
      const go = await confirm(`Delete ${owned} on context ${context}, and clear your progress in ${lab.id}?`, {
        yes: options.yes,
        interactive,
        signal,
      });
      if (!go) {
        out.note('Nothing was changed.');
        return ExitCode.ok;
      }
      const removed = await resetLab(session, lab, vars, {
        signal,
        ...(out.json ? {} : { onLine: (line: string) => out.line(`  ${line}`) }),
      });
      store.remove(lab.id);
      if (out.json) {
        out.writeJson({ lab: lab.id, context, deleted: removed, progressCleared: true });
      } else {
        out.line(
          `${out.style.green('Reset')} ${lab.id} on ${context}: its namespaces and objects are gone and its progress is cleared.`,
        );
        out.line(`Start again with \`labs start ${lab.id}\`.`);
      }
      return ExitCode.ok;
    } finally {
      session.close();
    }
  },
});
