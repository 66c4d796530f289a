import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { openCluster } from '../../adapters/connect.js';
import {
  type ClusterPhase,
  clusterDown,
  clusterStatus,
  type ClusterStatus,
  clusterUp,
} from '../../adapters/kind/cluster.js';
import { nodeImage } from '../../adapters/kind/nodeImage.js';
import { clusterNameFrom } from '../../adapters/kube/contextNames.js';
import { defineCommand, valueOption } from '../command.js';
import { marks, type Output, seconds } from '../output.js';
import { createProgressLine } from '../progressLine.js';

function printStatus(out: Output, status: ClusterStatus): void {
  const { style } = out;
  const row = (label: string, value: string): void => out.line(`${style.dim(label.padEnd(9))} ${value}`);
  row('cluster', `${status.name} (${status.exists ? 'exists' : 'not created'})`);
  row('context', `${status.context}${status.kubeconfigEntry ? '' : ' (missing from your kubeconfig)'}`);
  if (status.server) row('server', `${status.server}${status.reachable ? '' : ' (not answering)'}`);
  if (status.serverVersion) row('version', `Kubernetes ${status.serverVersion}`);
  if (status.reachable) {
    const ready = status.nodes.filter((node) => node.ready).length;
    row(
      'nodes',
      `${ready}/${status.nodes.length} Ready${status.nodes.length ? `: ${status.nodes.map((node) => node.name).join(', ')}` : ''}`,
    );
  }
  if (status.problem) {
    out.line('');
    out.line(`${marks(out).fail} ${status.problem}`);
    if (status.nextStep) out.line(`  next: ${status.nextStep}`);
  } else {
    out.line('');
    out.line(`${marks(out).ok} ready`);
  }
}

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
/** PowerShell's single-quoted string: a quote inside is written twice. */
const powerShellQuote = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export default defineCommand({
  name: 'cluster',
  summary: 'create, inspect or delete the local kind cluster (up | down | status | env)',
  positionals: [
    {
      name: 'action',
      description:
        'up (create or reuse), down (delete), status, or env (shell exports that pin kubectl to the lab context)',
    },
  ],
  options: v.object({
    name: valueOption('kind cluster name (default: k8s-labs; env K8S_LABS_CLUSTER)'),
  }),
  examples: [
    'labs cluster up',
    'labs cluster status --json',
    'labs cluster down',
    'eval "$(labs cluster env)"   # pin your own shell to the lab context',
  ],
  async run({ args, options, out, env, signal }) {
    const action = args[0];
    const name = clusterNameFrom(env, options.name);
    const { style } = out;
    const mark = marks(out);
    if (options.context && action !== 'env') {
      throw inputError(
        `\`labs cluster ${action ?? ''}\` manages the local kind cluster; --context ${options.context} would not be used`,
        'use --name NAME for another kind cluster; --context chooses an existing cluster for the other commands',
      );
    }

    if (action === 'up') {
      const progress = createProgressLine(out, process.stderr, { total: true });
      progress.running(`Checking for kind cluster "${name}"`);
      let announced = false;
      const onPhase = (phase: ClusterPhase): void => {
        if (phase.id === 'kind' && phase.status === 'started' && !announced) {
          announced = true;
          progress.finished(`Creating kind cluster "${name}" from ${nodeImage(env).split('@')[0]} (about a minute)`);
        }
        if (phase.status === 'started') progress.running(phase.title);
        else if (phase.id !== 'kind' || phase.status === 'failed') {
          progress.finished(
            `${phase.status === 'done' ? mark.ok : mark.fail} ${phase.title} ${style.dim(seconds(phase.phaseMs))}`,
          );
        }
      };
      try {
        const result = await clusterUp({ name, env, signal, onPhase });
        progress.stop();
        if (out.json) {
          out.writeJson(result);
          return ExitCode.ok;
        }
        const how = result.created
          ? `created in ${seconds(result.durationMs)}`
          : `already running, checked in ${seconds(result.durationMs)}`;
        out.line(`${mark.ok} Cluster ${style.bold(result.name)} is ready (${how})`);
        out.line(`  context ${result.context}, server ${result.server}`);
        if (result.repairedKubeconfig)
          out.line(`  the kubeconfig entry ${result.context} was missing and has been written again`);
        if (result.restoredCurrentContext.length) {
          out.line(
            `  your kubectl's current-context was left as it was; in your own shell use --context ${result.context}`,
          );
          out.line(`  or pin it with: eval "$(labs cluster env)"`);
        }
        return ExitCode.ok;
      } finally {
        progress.stop();
      }
    }

    if (action === 'down') {
      const progress = createProgressLine(out);
      progress.running(`Deleting kind cluster "${name}"`);
      const result = await clusterDown({ name, env, signal }).finally(() => progress.stop());
      if (out.json) out.writeJson(result);
      else if (result.deleted)
        out.line(`${mark.ok} Deleted cluster ${style.bold(name)} in ${seconds(result.durationMs)}`);
      else out.line(`There is no kind cluster named "${name}"; nothing to delete.`);
      return ExitCode.ok;
    }

    if (action === 'status') {
      const status = await clusterStatus({ name, env, signal });
      if (out.json) out.writeJson(status);
      else printStatus(out, status);
      return status.problem ? ExitCode.environment : ExitCode.ok;
    }

    if (action === 'env') {
      const context = options.context ?? (options.name ? `kind-${name}` : undefined);
      const session = await openCluster({ context, env });
      session.close();
      const { target } = session;
      if (out.json) {
        out.writeJson(target);
        return ExitCode.ok;
      }
      if (process.platform === 'win32') out.line(`$env:KUBECONFIG = ${powerShellQuote(target.kubeconfigPath)}`);
      else out.line(`export KUBECONFIG=${shellQuote(target.kubeconfigPath)}`);
      out.note(`# kubectl in this shell now reaches only context ${target.context} (${target.server})`);
      return ExitCode.ok;
    }

    throw inputError(
      action ? `unknown action "${action}"` : 'missing <action>',
      'use `labs cluster up`, `labs cluster down`, `labs cluster status` or `labs cluster env`',
    );
  },
});
