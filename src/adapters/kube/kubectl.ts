/**
 * kubectl pinned to one context: KUBECONFIG points at the single-context kubeconfig and every
 * call also passes --context, so neither the user's current-context nor another kubeconfig
 * entry can be reached.
 */
import { environmentError } from '../../errors.js';
import { installHint } from '../../core/doctor/installHints.js';
import type { ClusterTarget, KubectlRunner, RunOptions } from '../../core/ports.js';
import { isCommandNotFound, type ProcessOptions, type ProcessRunner } from '../process/run.js';

/** Default time limit of one kubectl call. */
const KUBECTL_TIMEOUT_MS = 120_000;

/** Environment that forces kubectl (and anything it starts) onto the pinned context. */
export function pinnedEnv(target: ClusterTarget): Record<string, string> {
  return { KUBECONFIG: target.kubeconfigPath, K8S_LABS_CONTEXT: target.context };
}

/**
 * Removed from every pinned run: inside a pod, kubectl falls back to the pod's service account
 * (the hosting cluster) when these are set and the kubeconfig gives it nothing to use.
 */
export const IN_CLUSTER_ENV: readonly string[] = ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'];

/** The caller's options with the pinned environment forced and the in-cluster variables removed. */
export function pinnedRunOptions(target: ClusterTarget, options: RunOptions): ProcessOptions {
  return { ...options, env: { ...options.env, ...pinnedEnv(target) }, unsetEnv: IN_CLUSTER_ENV };
}

export function createKubectlRunner(target: ClusterTarget, run: ProcessRunner, kubectl = 'kubectl'): KubectlRunner {
  return {
    async run(args: string[], options: RunOptions = {}) {
      try {
        return await run(
          kubectl,
          ['--context', target.context, ...args],
          pinnedRunOptions(target, { timeoutMs: KUBECTL_TIMEOUT_MS, ...options }),
        );
      } catch (error) {
        if (isCommandNotFound(error)) {
          throw environmentError(
            'kubectl is not installed (or not on PATH)',
            installHint('kubectl', process.platform),
            error,
          );
        }
        throw error;
      }
    },
  };
}
