/** API paths of the kinds in the KINDS table, and listing with the collection's resourceVersion. */
import { KINDS, type KindMap, type KindName } from '../../core/kinds.js';
import type { ListOptions } from '../../core/ports.js';
import { httpStatusError } from './apiErrors.js';
import type { KubeTransport } from './transport.js';

/** The collection URL of a kind, namespaced when a namespace is given and the kind has them. */
export function collectionPath(kind: KindName, namespace?: string): string {
  const info = KINDS[kind];
  const scope = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${info.apiPath}${scope}/${info.plural}`;
}

export function objectPath(kind: KindName, name: string, namespace?: string): string {
  if (KINDS[kind].namespaced && !namespace) throw new Error(`${kind} "${name}" needs a namespace`);
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}

export function describeTarget(kind: KindName, namespace?: string, name?: string): string {
  const what = name ? `${kind} ${name}` : `${KINDS[kind].plural}`;
  return KINDS[kind].namespaced && namespace ? `${what} in namespace ${namespace}` : what;
}

export interface ListResult<K extends KindName> {
  items: KindMap[K][];
  resourceVersion: string;
}

/** Lists a kind with the collection's resourceVersion (where a watch starts from). */
export async function listWithVersion<K extends KindName>(
  transport: KubeTransport,
  kind: K,
  options: ListOptions = {},
  signal?: AbortSignal,
): Promise<ListResult<K>> {
  const query = options.labelSelector ? `?labelSelector=${encodeURIComponent(options.labelSelector)}` : '';
  const response = await transport.request(
    `${collectionPath(kind, options.namespace)}${query}`,
    signal ? { signal } : {},
  );
  if (response.status !== 200)
    throw httpStatusError(transport.identity, response.status, response.body, describeTarget(kind, options.namespace));
  const parsed = JSON.parse(response.body) as { items?: KindMap[K][] | null; metadata?: { resourceVersion?: string } };
  const { apiVersion } = KINDS[kind];
  // List items come without kind and apiVersion; fill them in so objects look the same as from get.
  const items = (parsed.items ?? []).map((item) => ({ apiVersion, kind, ...item }) as KindMap[K]);
  return { items, resourceVersion: parsed.metadata?.resourceVersion ?? '' };
}
