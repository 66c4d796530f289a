import * as v from 'valibot';
import { probeEnvironment } from '../../adapters/kind/probes.js';
import { evaluateDoctor } from '../../core/doctor/evaluate.js';
import { defineCommand } from '../command.js';
import { marks } from '../output.js';

export default defineCommand({
  name: 'doctor',
  summary: 'check Docker, kind, kubectl and the lab cluster',
  positionals: [],
  options: v.object({}),
  examples: ['labs doctor', 'labs doctor --context workshop', 'labs doctor --json'],
  async run({ options, out, env, signal }) {
    const started = performance.now();
    const probes = await probeEnvironment({ context: options.context, env, signal });
    const report = evaluateDoctor(probes);
    if (out.json) {
      out.writeJson({
        context: probes.context,
        server: probes.kubeconfig.server,
        ok: report.exitCode === 0,
        exitCode: report.exitCode,
        checks: report.checks,
      });
      return report.exitCode;
    }
    const mark = marks(out);
    const width = Math.max(...report.checks.map((check) => check.title.length)) + 2;
    for (const check of report.checks) {
      out.line(`${mark[check.status === 'pass' ? 'ok' : check.status]} ${check.title.padEnd(width)}${check.message}`);
      if (check.next && check.status !== 'pass')
        out.line(`  ${' '.repeat(width + 2)}${out.style.dim('next:')} ${check.next}`);
    }
    out.line('');
    const failed = report.checks.filter((check) => check.status === 'fail').length;
    const took = `${((performance.now() - started) / 1000).toFixed(1)}s`;
    if (failed)
      out.line(
        `${failed} problem${failed === 1 ? '' : 's'} block the labs: fix ${failed === 1 ? 'it' : 'them'} and run \`labs doctor\` again (${took}).`,
      );
    else out.line(`Ready for labs: start one with \`k8s-labs start <lab>\` (see \`labs list\`) (${took}).`);
    return report.exitCode;
  },
});
