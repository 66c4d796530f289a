/** Which kube context and which kind cluster a command works with. */
import { inputError } from '../../errors.js';

/** The lab cluster's name unless K8S_LABS_CLUSTER or --name says otherwise. */
export const DEFAULT_CLUSTER_NAME = 'k8s-labs';

/** The kind cluster name: an explicit value, else K8S_LABS_CLUSTER, else k8s-labs. */
export function clusterNameFrom(env: NodeJS.ProcessEnv, explicit?: string): string {
  const name = explicit || env['K8S_LABS_CLUSTER'] || DEFAULT_CLUSTER_NAME;
  // kind's own rule: lower-case DNS-like names (they become container and context names).
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 50) {
    throw inputError(
      `"${name}" is not a valid cluster name`,
      'use lower-case letters, digits and dashes, e.g. k8s-labs',
    );
  }
  return name;
}

/** kind names the context of cluster X `kind-X`. */
export const kindContextName = (clusterName: string): string => `kind-${clusterName}`;

/**
 * The context every call is pinned to: --context, else K8S_LABS_CONTEXT, else the lab cluster's
 * kind context. The kubeconfig's current-context is deliberately never consulted.
 */
export function resolveContextName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env['K8S_LABS_CONTEXT'] || kindContextName(env['K8S_LABS_CLUSTER'] || DEFAULT_CLUSTER_NAME);
}

/** True when the context is the lab cluster's own (so `labs cluster up` can fix it). */
export const isLabClusterContext = (context: string, env: NodeJS.ProcessEnv): boolean =>
  context === kindContextName(env['K8S_LABS_CLUSTER'] || DEFAULT_CLUSTER_NAME);

/** What to do when the cluster behind `context` cannot be used. */
export function clusterNextStep(context: string, env: NodeJS.ProcessEnv): string {
  if (isLabClusterContext(context, env))
    return 'run `labs cluster up` to start the lab cluster (`labs doctor` shows what is missing)';
  return `check that the cluster of context "${context}" is running and reachable; \`labs doctor --context ${context}\` shows what is wrong`;
}
