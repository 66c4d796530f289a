/**
 * Writes through the REST transport for the objects a workshop makes: server-side apply (so
 * `create` is idempotent and leaves fields other writers own alone), TokenRequest, and deletes
 * by label selector. Only the kinds a workshop makes are known; the table says where they live.
 */
import { environmentError } from '../../errors.js';
import { statusMessage } from './apiErrors.js';
import type { KubeTransport } from './transport.js';

interface Resource {
  prefix: string;
  plural: string;
  namespaced: boolean;
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
export const WRITABLE: Record<string, Resource> = {
  Namespace: { prefix: '/api/v1', plural: 'namespaces', namespaced: false },
  ServiceAccount: { prefix: '/api/v1', plural: 'serviceaccounts', namespaced: true },
  ConfigMap: { prefix: '/api/v1', plural: 'configmaps', namespaced: true },
  ResourceQuota: { prefix: '/api/v1', plural: 'resourcequotas', namespaced: true },
  LimitRange: { prefix: '/api/v1', plural: 'limitranges', namespaced: true },
  Role: { prefix: RBAC, plural: 'roles', namespaced: true },
  RoleBinding: { prefix: RBAC, plural: 'rolebindings', namespaced: true },
  ClusterRole: { prefix: RBAC, plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { prefix: RBAC, plural: 'clusterrolebindings', namespaced: false },
};

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string | undefined;
}

const FIELD_MANAGER = 'k8s-labs-workshop';

function resourceOf(kind: string): Resource {
  const resource = WRITABLE[kind];
  if (!resource) throw new Error(`no API path known for kind ${kind}`);
  return resource;
}

export function collectionPath(kind: string, namespace?: string): string {
  const { prefix, plural, namespaced } = resourceOf(kind);
  return namespaced && namespace
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${plural}`
    : `${prefix}/${plural}`;
}

export const objectPathOf = (ref: ObjectRef): string =>
  `${collectionPath(ref.kind, ref.namespace)}/${encodeURIComponent(ref.name)}`;

const describe = (ref: ObjectRef): string => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** An API answer other than success, as an environment error naming the object and the server. */
export function writeError(transport: KubeTransport, verb: string, what: string, status: number, body: string): Error {
  const detail = statusMessage(body) ?? body.trim().slice(0, 200);
  const { server, context, nextStep } = transport.identity;
  return Object.assign(
    environmentError(
      `could not ${verb} ${what} on ${server} (context ${context}): ${status} ${detail}`,
      status === 403 ? `the context "${context}" needs cluster-admin rights to run a workshop` : nextStep,
    ),
    { status },
  );
}

/** Server-side apply of one object; resolves to the object as stored. */
export async function applyObject(
  transport: KubeTransport,
  object: { kind: string; metadata: { name: string; namespace?: string } },
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const ref = { kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace };
  const response = await transport.request(`${objectPathOf(ref)}?fieldManager=${FIELD_MANAGER}&force=true`, {
    method: 'PATCH',
    body: JSON.stringify(object),
    contentType: 'application/apply-patch+yaml',
    ...(signal ? { signal } : {}),
  });
  if (response.status !== 200 && response.status !== 201)
    throw writeError(transport, 'apply', describe(ref), response.status, response.body);
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** A bound token of a ServiceAccount (TokenRequest), valid for `seconds`. */
export async function requestToken(
  transport: KubeTransport,
  namespace: string,
  account: string,
  seconds: number,
  signal?: AbortSignal,
): Promise<{ token: string; expiresAt: string }> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(account)}/token`;
  const response = await transport.request(path, {
    method: 'POST',
    body: JSON.stringify({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: seconds },
    }),
    ...(signal ? { signal } : {}),
  });
  if (response.status !== 201 && response.status !== 200)
    throw writeError(
      transport,
      'request a token for',
      `ServiceAccount ${namespace}/${account}`,
      response.status,
      response.body,
    );
  const status = (JSON.parse(response.body) as { status: { token: string; expirationTimestamp: string } }).status;
  return { token: status.token, expiresAt: status.expirationTimestamp };
}

/** Names (and namespaces) of the objects of `kind` carrying `selector`, in every namespace. */
export async function listByLabel(
  transport: KubeTransport,
  kind: string,
  selector: string,
  signal?: AbortSignal,
): Promise<ObjectRef[]> {
  const response = await transport.request(
    `${collectionPath(kind)}?labelSelector=${encodeURIComponent(selector)}`,
    signal ? { signal } : {},
  );
  if (response.status !== 200) throw writeError(transport, 'list', `${kind} objects`, response.status, response.body);
  const items = (JSON.parse(response.body) as { items?: { metadata: { name: string; namespace?: string } }[] }).items;
  return (items ?? []).map((item) => ({ kind, name: item.metadata.name, namespace: item.metadata.namespace }));
}

/** Deletes one object; gone already counts as deleted. */
export async function deleteObject(transport: KubeTransport, ref: ObjectRef, signal?: AbortSignal): Promise<boolean> {
  // Options in the query: a DELETE with a body can spoil the kept-alive connection for the next request.
  const response = await transport.request(`${objectPathOf(ref)}?propagationPolicy=Background`, {
    method: 'DELETE',
    ...(signal ? { signal } : {}),
  });
  if (response.status === 404) return false;
  if (response.status !== 200 && response.status !== 202)
    throw writeError(transport, 'delete', describe(ref), response.status, response.body);
  return true;
}

/**
 * Merges labels and annotations into an existing object's metadata (a JSON merge patch, which
 * never creates the object). Resolves to false when the object does not exist.
 */
export async function patchMetadata(
  transport: KubeTransport,
  ref: ObjectRef,
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> },
  signal?: AbortSignal,
): Promise<boolean> {
  const response = await transport.request(objectPathOf(ref), {
    method: 'PATCH',
    body: JSON.stringify({ metadata }),
    contentType: 'application/merge-patch+json',
    ...(signal ? { signal } : {}),
  });
  if (response.status === 404) return false;
  if (response.status !== 200) throw writeError(transport, 'label', describe(ref), response.status, response.body);
  return true;
}
