/**
 * Typed reads of the kinds labs use, through the REST transport and the fixed KINDS table (no
 * API discovery, so a check costs one round trip per read).
 */
import type { KindMap } from '../../core/kinds.js';
import type { ClusterReader, ClusterTarget } from '../../core/ports.js';
import { httpStatusError } from './apiErrors.js';
import { describeTarget, listWithVersion, objectPath } from './list.js';
import type { KubeTransport } from './transport.js';
import { watchKinds } from './watch.js';

export function createClusterReader(target: ClusterTarget, transport: KubeTransport): ClusterReader {
  return {
    target,
    async get(kind, name, namespace, signal) {
      const response = await transport.request(objectPath(kind, name, namespace), signal ? { signal } : {});
      if (response.status === 404) return undefined;
      if (response.status !== 200)
        throw httpStatusError(
          transport.identity,
          response.status,
          response.body,
          describeTarget(kind, namespace, name),
        );
      return JSON.parse(response.body) as KindMap[typeof kind];
    },
    async list(kind, options, signal) {
      return (await listWithVersion(transport, kind, options, signal)).items;
    },
    watch(targets, onEvent, signal) {
      return watchKinds(transport, targets, onEvent, signal);
    },
  };
}
