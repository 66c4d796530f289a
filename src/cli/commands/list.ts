import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { labCatalog } from '../../app/catalog.js';
import { openProgressStore } from '../../app/progressStore.js';
import { labStanding } from '../../core/stepStatus.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'list',
  summary: 'list the labs with their steps, time and your progress',
  positionals: [
    { name: 'lab', description: 'lab ids or paths (default: every built-in lab)', optional: true, variadic: true },
  ],
  options: v.object({}),
  examples: ['labs list', 'labs list --json'],
  async run({ args, out, env, cwd }) {
    const store = openProgressStore(env, (message) => out.note(`warning: ${message}`));
    const rows = labCatalog(args, cwd, store, 'frontMatter').map(({ id, lab, problems, progress, current }) => {
      if (!lab || !progress) return { id, broken: problems };
      return {
        id: lab.id,
        title: lab.manifest.title,
        summary: lab.manifest.summary,
        steps: lab.steps.length,
        estimatedMinutes: lab.manifest.estimatedMinutes,
        variables: lab.manifest.variables,
        progress,
        current,
      };
    });
    if (out.json) {
      out.writeJson({ labs: rows });
      return ExitCode.ok;
    }
    const { style } = out;
    for (const row of rows) {
      if ('broken' in row) {
        out.line(`${style.red(row.id)}  (${row.broken} content problems: run \`labs validate ${row.id}\`)`);
        continue;
      }
      const { done, needsDataPlane, currentStep } = row.progress;
      const state = labStanding({
        steps: row.steps,
        done,
        needsDataPlane,
        ...(currentStep ? { at: currentStep } : {}),
      });
      out.line(`${row.current ? '*' : ' '} ${style.bold(row.id.padEnd(24))} ${row.title}`);
      out.line(`  ${' '.repeat(24)} ${row.steps} steps, ~${row.estimatedMinutes} min, ${state}`);
    }
    out.line('');
    const resume = rows.find((row) => !('broken' in row) && row.current);
    out.line(
      resume
        ? `Resume with: k8s-labs start ${resume.id}`
        : 'Start one with: k8s-labs start <lab>, or k8s-labs start to pick',
    );
    return ExitCode.ok;
  },
});
