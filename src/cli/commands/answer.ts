import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { renderTemplate } from '../../core/template.js';
import { defineCommand } from '../command.js';
import { REPORT_SCHEMA_VERSION } from '../report/json.js';
import { exitCodeFor } from '../report/summary.js';
import { mark } from '../report/text.js';
import { openSession } from '../session.js';
import { followUp } from '../followUp.js';
import { resolveLab } from '../../app/openLabSession.js';
import { openProgressStore } from '../../app/progressStore.js';
import type { ProgressStore } from '../../adapters/fs/progressStore.js';
import type { Lab } from '../../core/lab.js';

/**
 * `labs answer clusterip cluster-ip-now`: two words, the first a lab and the second one of its
 * questions, means the value is missing (not a question named "clusterip").
 */
function missingValue(
  first: string,
  second: string,
  store: ProgressStore,
  cwd: string,
  kubeconfig: string | undefined,
): void {
  let lab: Lab;
  try {
    lab = resolveLab(first, store, cwd);
  } catch {
    return;
  }
  const asks = (id: string): boolean => lab.steps.some((step) => step.questions.some((q) => q.id === id));
  if (!asks(second) || asks(first)) return;
  throw inputError(
    `missing the answer to question "${second}"`,
    `write it after the question id, e.g. \`${followUp(`labs answer ${first} ${second} <value>`, kubeconfig)}\``,
  );
}

export default defineCommand({
  name: 'answer',
  summary: 'record an answer to a question',
  positionals: [
    { name: 'lab', description: 'lab id or path (default: the lab you worked on last)', optional: true },
    { name: 'question-id', description: 'the question, as shown by `labs check` (e.g. cluster-ip-now)' },
    { name: 'value', description: 'your answer (quote it if it has spaces)' },
  ],
  options: v.object({}),
  examples: ['labs answer kubernetes-target-port <port>', 'labs answer clusterip answering-pods <count>'],
  async run(context) {
    const { args, out, signal } = context;
    if (args.length === 2)
      missingValue(
        args[0]!,
        args[1]!,
        openProgressStore(context.env, () => {}),
        context.cwd,
        context.options.kubeconfig,
      );
    const [labArg, questionId, value] = args.length >= 3 ? args : [undefined, ...args];
    if (!questionId || value === undefined)
      throw inputError(
        'give a question id and your answer',
        "e.g. `labs answer kubernetes-target-port <port>`; `labs check` shows each question's id",
      );
    if (value.trim() === '')
      throw inputError(
        'the answer is empty',
        `write it after the question id, e.g. \`${followUp(`labs answer ${questionId} 42`, context.options.kubeconfig)}\``,
      );
    const session = openSession(context, labArg);
    const answered = await session.answer(questionId, value, signal).finally(() => session.close());
    if (!answered) return ExitCode.interrupted;
    const { step, prompt, result } = answered;

    if (out.json) {
      out.writeJson({
        schemaVersion: REPORT_SCHEMA_VERSION,
        lab: session.lab.id,
        step: step.id,
        question: questionId,
        value,
        status: result.status,
        correct: result.status === 'pass' ? true : result.status === 'fail' ? false : null,
        message: result.message,
      });
    } else {
      out.line(out.style.bold(renderTemplate(prompt, session.vars)));
      out.line(`${mark(result.status, { style: out.style, color: out.color })} ${result.message}`);
      if (result.status === 'fail')
        out.line(
          out.style.dim(
            `Recorded. Try again with \`${followUp(`labs answer ${args.length >= 3 ? `${labArg} ` : ''}${questionId} <value>`, context.options.kubeconfig)}\`, or ask for a hint: \`${followUp('labs hint', context.options.kubeconfig)}\`.`,
          ),
        );
    }
    return exitCodeFor(result.status === 'pass' ? 'passed' : result.status === 'skipped' ? 'incomplete' : 'failed');
  },
});
