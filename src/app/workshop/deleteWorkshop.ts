/**
 * `labs workshop delete`: removes exactly the objects labelled with the workshop's name, found by
 * label selector, never by name pattern. Cluster-wide objects and bindings first, namespaces last
 * (deleting a namespace deletes what is in it).
 */
import { WORKSHOP_LABEL } from '../../core/workshop/names.js';
import { connectCluster } from '../../adapters/connect.js';
import { deleteObject, listByLabel, type ObjectRef } from '../../adapters/kube/writes.js';
import { mapLimited } from './pool.js';

const ORDER = ['ClusterRoleBinding', 'ClusterRole', 'RoleBinding', 'Role', 'Namespace'] as const;

export interface DeleteOptions {
  context: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onDeleted?(ref: ObjectRef): void;
}

/** Deletes the workshop's objects; resolves to what was deleted. */
export async function deleteWorkshop(name: string, options: DeleteOptions): Promise<ObjectRef[]> {
  const { session, transport } = await connectCluster({ context: options.context, env: options.env });
  const selector = `${WORKSHOP_LABEL}=${name}`;
  const deleted: ObjectRef[] = [];
  try {
    for (const kind of ORDER) {
      const refs = await listByLabel(transport, kind, selector, options.signal);
      // Objects inside the workshop's namespaces go with them.
      await mapLimited(refs, 16, async (ref) => {
        if (await deleteObject(transport, ref, options.signal)) {
          deleted.push(ref);
          options.onDeleted?.(ref);
        }
      });
    }
    return deleted;
  } finally {
    session.close();
  }
}
