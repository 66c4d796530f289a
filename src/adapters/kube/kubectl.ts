/**
 * kubectl pinned to one context: KUBECONFIG points at the single-context kubeconfig and every
 * call also passes --context, so neither the user's current-context nor another kubeconfig
 * entry can be reached.
 */
import { environmentError } from '../../errors.js';
import { installHint } from '../../core/doctor/installHints.js';
import type { ClusterTarget, KubectlRunner, RunOptions } from '../../core/ports.js';
import { isCommandNotFound, type ProcessRunner } from '../process/run.js';

/** Default time limit of one kubectl call. */
const KUBECTL_TIMEOUT_MS = 120_000;

/** Environment that forces kubectl (and anything it starts) onto the pinned context. */
export function pinnedEnv(target: ClusterTarget): Record<string, string> {
  return { KUBECONFIG: target.kubeconfigPath, K8S_LABS_CONTEXT: target.context };
}

export function createKubectlRunner(target: ClusterTarget, run: ProcessRunner, kubectl = 'kubectl'): KubectlRunner {
  return {
    async run(args: string[], options: RunOptions = {}) {
      try {
        return await run(kubectl, ['--context', target.context, ...args], {
          timeoutMs: KUBECTL_TIMEOUT_MS,
          ...options,
          env: { ...options.env, ...pinnedEnv(target) },
        });
      } catch (error) {
        if (isCommandNotFound(error)) {
          throw environmentError('kubectl is not installed (or not on PATH)', installHint('kubectl', process.platform), error);
        }
        throw error;
      }
    },
  };
}
