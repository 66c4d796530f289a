import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { renderTemplate } from '../../core/template.js';
import { defineCommand } from '../command.js';
import { REPORT_SCHEMA_VERSION } from '../report/json.js';
import { exitCodeFor } from '../report/summary.js';
import { mark } from '../report/text.js';
import { openSession } from '../session.js';

export default defineCommand({
  name: 'answer',
  summary: 'record an answer to a question',
  positionals: [
    { name: 'lab', description: 'lab id or path (default: the lab you worked on last)', optional: true },
    { name: 'question-id', description: 'the question, as shown by `labs check`' },
    { name: 'value', description: 'your answer (quote it if it has spaces)' },
  ],
  options: v.object({}),
  examples: ['labs answer kube-target-port 6443', 'labs answer clusterip kube-label-count 2'],
  async run(context) {
    const { args, out, signal } = context;
    const [labArg, questionId, value] = args.length >= 3 ? args : [undefined, ...args];
    if (!questionId || value === undefined)
      throw inputError('give a question id and your answer', 'e.g. `labs answer kube-target-port 6443`');
    if (value.trim() === '')
      throw inputError('the answer is empty', `write it after the question id, e.g. \`labs answer ${questionId} 42\``);
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
            `Recorded. Try again with \`labs answer ${args.length >= 3 ? `${labArg} ` : ''}${questionId} <value>\`, or ask for a hint: \`labs hint\`.`,
          ),
        );
    }
    return exitCodeFor(result.status === 'pass' ? 'passed' : result.status === 'skipped' ? 'incomplete' : 'failed');
  },
});
