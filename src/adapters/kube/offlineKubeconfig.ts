/**
 * The kubeconfig lab blocks run with when there is no lab cluster. It is a real file with one
 * cluster at an address where nothing listens, so kubectl fails with "connection refused": a
 * missing or empty kubeconfig would let kubectl, inside a pod, fall back to the pod's service
 * account and reach the hosting cluster.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { jsYaml } from '../../core/jsYaml.js';
import type { ClusterTarget } from '../../core/ports.js';
import { writeFileAtomic } from '../fs/atomicFile.js';
import { stateDir } from '../fs/stateDir.js';

/** The name of the stub's cluster, context and user. */
export const OFFLINE_CONTEXT = 'k8s-labs-offline';
/** Port 1 on the loopback address: nothing listens there. */
export const OFFLINE_SERVER = 'https://127.0.0.1:1';

/** The stub's text (made on first use, so loading this module parses no YAML library). */
const stub = (): string =>
  jsYaml().dump({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': OFFLINE_CONTEXT,
    clusters: [{ name: OFFLINE_CONTEXT, cluster: { server: OFFLINE_SERVER } }],
    contexts: [{ name: OFFLINE_CONTEXT, context: { cluster: OFFLINE_CONTEXT, user: OFFLINE_CONTEXT } }],
    // A user without credentials makes kubectl prompt for a username; a placeholder token does not.
    users: [{ name: OFFLINE_CONTEXT, user: { token: 'no-lab-cluster' } }],
  });

/** Writes the stub to the state directory (once; again only if it was changed) and targets it. */
export function offlineTarget(env: NodeJS.ProcessEnv): ClusterTarget {
  const kubeconfigPath = path.join(stateDir(env), 'kubeconfig', `${OFFLINE_CONTEXT}.yaml`);
  let current: string | undefined;
  try {
    current = existsSync(kubeconfigPath) ? readFileSync(kubeconfigPath, 'utf8') : undefined;
  } catch {
    // Unreadable: write it again.
  }
  const text = stub();
  if (current !== text) writeFileAtomic(kubeconfigPath, text);
  return { context: OFFLINE_CONTEXT, server: OFFLINE_SERVER, kubeconfigPath };
}
