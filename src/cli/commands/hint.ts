import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { defineCommand, valueOption } from '../command.js';
import { REPORT_SCHEMA_VERSION } from '../report/json.js';
import { openSession } from '../session.js';
import { followUp } from '../followUp.js';

export default defineCommand({
  name: 'hint',
  summary: 'show the next hint for the current step',
  short: { step: 's' },
  positionals: [{ name: 'lab', description: 'lab id or path (default: the lab you worked on last)', optional: true }],
  options: v.object({ step: valueOption('the step to get a hint for (default: the step you are on)') }),
  examples: ['labs hint', 'labs hint clusterip --step create-service'],
  async run(context) {
    const { args, options: flags, out } = context;
    const session = openSession(context, args[0]);
    const { lab } = session;
    const step = session.step(flags.step);
    const hint = session.hint(step);

    if (out.json) {
      out.writeJson({
        schemaVersion: REPORT_SCHEMA_VERSION,
        lab: lab.id,
        step: step.id,
        tier: hint ? hint.tier + 1 : null,
        of: hint?.total ?? 0,
        hint: hint?.text ?? null,
        allSeen: hint?.allSeen ?? false,
      });
      return ExitCode.ok;
    }
    const { style } = out;
    if (!hint) {
      out.line(`Step "${step.title}" has no hints.`);
      return ExitCode.ok;
    }
    out.line(style.bold(`Hint ${hint.tier + 1} of ${hint.total} for "${step.title}":`));
    out.line(hint.text);
    const ref = args[0] ?? lab.id;
    if (hint.allSeen)
      // Seeing the answer must not change the cluster: point to the reveal, not to `labs solve`.
      out.line(
        style.dim(
          `That was the last hint. To see the solution without changing the cluster: \`${followUp(`k8s-labs start ${ref}`, flags.kubeconfig)}\`, then s at this step.`,
        ),
      );
    else if (hint.tier + 1 < hint.total)
      out.line(style.dim(`Run \`${followUp('labs hint', flags.kubeconfig)}\` again for a more specific one.`));
    return ExitCode.ok;
  },
});
