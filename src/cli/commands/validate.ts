import path from 'node:path';
import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import type { Problem } from '../../core/lab.js';
import { formatProblemLocation, selectLabs } from '../../adapters/fs/labRepository.js';
import { validateLabAt } from '../../app/validateLab.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'validate',
  summary: 'check lab content: schema, references, solutions, images, variables',
  positionals: [
    {
      name: 'lab',
      description: 'lab id or path (default: ./labs, else every built-in lab)',
      optional: true,
      variadic: true,
    },
  ],
  options: v.object({}),
  examples: ['labs validate', 'labs validate clusterip', 'labs validate ./labs/my-lab'],
  async run({ args, out, cwd }) {
    const results = [];
    for (const location of selectLabs(args, cwd)) {
      const { lab, problems } = await validateLabAt(location);
      results.push({ id: lab?.id ?? location.folderName, dir: location.dir, steps: lab?.steps.length ?? 0, problems });
    }
    const total = results.reduce((sum, result) => sum + result.problems.length, 0);
    if (out.json) {
      out.writeJson({
        ok: total === 0,
        labs: results.map((r) => ({
          id: r.id,
          dir: r.dir,
          steps: r.steps,
          problems: r.problems.map((p) => jsonProblem(p, cwd)),
        })),
      });
    } else {
      const { style } = out;
      for (const result of results) {
        if (result.problems.length === 0) {
          out.line(`${style.green('ok')}   ${result.id} (${result.steps} steps)`);
          continue;
        }
        out.line(
          `${style.red('FAIL')} ${result.id}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`,
        );
        for (const problem of result.problems) {
          out.line(`  ${style.bold(formatProblemLocation(problem, cwd))}: ${problem.message}`);
          out.line(`    ${style.dim('fix:')} ${problem.fix}`);
        }
      }
      out.line(
        `${results.length} lab${results.length === 1 ? '' : 's'} checked, ${total} problem${total === 1 ? '' : 's'}`,
      );
    }
    return total === 0 ? ExitCode.ok : ExitCode.badInput;
  },
});

const jsonProblem = (problem: Problem, cwd: string) => ({
  file: path.relative(cwd, problem.file) || problem.file,
  line: problem.line,
  message: problem.message,
  fix: problem.fix,
});
