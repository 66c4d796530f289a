/**
 * Runs a lab command block in bash with the lab context forced: KUBECONFIG is the single-context
 * kubeconfig and the in-cluster variables are removed, so a learner's `kubectl apply` cannot land
 * on another cluster. Lab variables are exported in upper case (namespace -> NAMESPACE) and
 * pipelines fail when any part fails.
 */
import { environmentError } from '../../errors.js';
import type { ClusterTarget, RunOptions, ShellRunner } from '../../core/ports.js';
import { isCommandNotFound, type ProcessRunner } from '../process/run.js';
import { pinnedRunOptions } from './kubectl.js';

/** Default time limit of one block; blocks with loops should bound themselves well below it. */
const BLOCK_TIMEOUT_MS = 300_000;

/** Lab variables as environment variables: {namespace: "a"} -> {NAMESPACE: "a"}. */
export function variablesAsEnv(variables: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name.toUpperCase(), value]));
}

export function createShellRunner(target: ClusterTarget, run: ProcessRunner, shell = 'bash'): ShellRunner {
  return {
    async runBlock(script: string, options: RunOptions = {}) {
      try {
        // The script travels as an argument, never through a temporary file or string splicing.
        return await run(
          shell,
          ['--noprofile', '--norc', '-o', 'pipefail', '-c', script],
          pinnedRunOptions(target, { timeoutMs: BLOCK_TIMEOUT_MS, ...options }),
        );
      } catch (error) {
        if (isCommandNotFound(error)) {
          throw environmentError(
            'bash is needed to run lab commands and was not found',
            'install bash (on Windows, run k8s-labs inside WSL)',
            error,
          );
        }
        throw error;
      }
    },
  };
}
