import * as v from 'valibot';
import { environmentError, ExitCode, inputError, isUserError } from '../../errors.js';
import type { Lab, Step } from '../../core/lab.js';
import { recordAnswer } from '../../core/progress.js';
import type { CheckReport } from '../../core/grading/types.js';
import { renderTemplate } from '../../core/template.js';
import { openCluster } from '../../adapters/connect.js';
import { createSessionGrader } from '../../adapters/checkers/sessionGrader.js';
import { defineCommand } from '../command.js';
import { openProgressStore, resolveLab, resolveVariables } from '../labContext.js';
import { REPORT_SCHEMA_VERSION } from '../report/json.js';
import { exitCodeFor } from '../report/summary.js';
import { mark } from '../report/text.js';

function findQuestion(lab: Lab, questionId: string): { step: Step; prompt: string } {
  for (const step of lab.steps) {
    const question = step.questions.find((q) => q.id === questionId);
    if (question) return { step, prompt: question.prompt };
  }
  const ids = lab.steps.flatMap((step) => step.questions.map((q) => q.id));
  throw inputError(
    `lab "${lab.id}" has no question "${questionId}"`,
    ids.length ? `its questions: ${ids.join(', ')}` : 'this lab asks no questions',
  );
}

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
  async run({ args, options: flags, out, env, cwd, signal }) {
    const [labArg, questionId, value] = args.length >= 3 ? args : [undefined, ...args];
    if (!questionId || value === undefined)
      throw inputError('give a question id and your answer', 'e.g. `labs answer kube-target-port 6443`');
    if (value.trim() === '')
      throw inputError('the answer is empty', `write it after the question id, e.g. \`labs answer ${questionId} 42\``);
    const store = openProgressStore(out, env);
    const lab = resolveLab(labArg, store, cwd);
    const vars = resolveVariables(lab, flags.var, env);
    const { step, prompt } = findQuestion(lab, questionId);
    const save = (correct: boolean | undefined): void => {
      store.update(lab.id, (progress) =>
        recordAnswer(progress, step.id, questionId, value, correct, new Date().toISOString()),
      );
      if (store.currentLab() !== lab.id) store.setCurrentLab(lab.id);
    };

    let result: CheckReport;
    try {
      const session = await openCluster({ context: flags.context, env });
      try {
        const report = await createSessionGrader(session).gradeStep(lab, step.id, {
          answers: { [questionId]: value },
          vars,
          only: [questionId],
          signal,
        });
        result = report.checks[0]!;
      } finally {
        session.close();
      }
    } catch (error) {
      if (!isUserError(error) || error.kind !== 'environment') throw error;
      result = {
        id: questionId,
        title: prompt,
        kind: 'question',
        status: 'error',
        message: error.message,
        errorKind: 'environment',
        durationMs: 0,
        ...(error.nextStep ? { next: error.nextStep } : {}),
      };
    }
    if (signal.aborted) return ExitCode.interrupted;
    save(result.status === 'pass' ? true : result.status === 'fail' ? false : undefined);
    if (result.status === 'error') {
      throw environmentError(
        `your answer was recorded, but it could not be graded now: ${result.message}`,
        result.next ?? 'it will be graded at the next `labs check`',
      );
    }

    if (out.json) {
      out.writeJson({
        schemaVersion: REPORT_SCHEMA_VERSION,
        lab: lab.id,
        step: step.id,
        question: questionId,
        value,
        status: result.status,
        correct: result.status === 'pass' ? true : result.status === 'fail' ? false : null,
        message: result.message,
      });
    } else {
      out.line(out.style.bold(renderTemplate(prompt, vars)));
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
