/**
 * The cluster as an attendee sees it. Checks that look "in every namespace" (a Service created in
 * the wrong namespace, say) look in the attendee's own namespaces instead: listing the whole
 * cluster is exactly what their account may not do. A rejected token reads as expired access.
 */
import { KINDS } from '../../core/kinds.js';
import type { ClusterReader, WatchTarget } from '../../core/ports.js';
import type { ClusterSession } from '../../adapters/connect.js';
import type { AttendeeAccess } from './attendeeAccess.js';
import { asExpired } from './attendeeAccess.js';

/**
 * `reader` with "every namespace" meaning `namespaces`; with `workshop`, a rejected token reads as
 * expired workshop access.
 */
export function scopedReader(reader: ClusterReader, namespaces: readonly string[], workshop?: string): ClusterReader {
  const guard = <T>(work: Promise<T>): Promise<T> => (workshop === undefined ? work : asExpired(workshop, work));
  return {
    target: reader.target,
    get: (kind, name, namespace, signal) => guard(reader.get(kind, name, namespace, signal)),
    async list(kind, options = {}, signal) {
      if (!KINDS[kind].namespaced || (options.namespace && options.namespace !== '*'))
        return guard(reader.list(kind, options, signal));
      const lists = await Promise.all(
        namespaces.map((namespace) => guard(reader.list(kind, { ...options, namespace }, signal))),
      );
      return lists.flat();
    },
    watch(targets, onEvent, signal) {
      const scoped: WatchTarget[] = targets.flatMap((target) =>
        KINDS[target.kind].namespaced && !target.namespace
          ? namespaces.map((namespace) => ({ kind: target.kind, namespace }))
          : [target],
      );
      return guard(reader.watch(scoped, onEvent, signal));
    },
  };
}

/** Set to the workshop's name in the scripts an attendee's session runs. */
export const WORKSHOP_ENV = 'K8S_LABS_WORKSHOP';

export function attendeeCluster(session: ClusterSession, access: AttendeeAccess): ClusterSession {
  const { dataPlane } = access.config;
  return {
    ...session,
    reader: scopedReader(session.reader, access.config.namespaces, access.config.workshop),
    // Command blocks, solve.sh and setup scripts learn that they run on the workshop's namespaces.
    shell: {
      runBlock: (script, options = {}) =>
        session.shell.runBlock(script, {
          ...options,
          env: { ...options.env, [WORKSHOP_ENV]: access.config.workshop },
        }),
    },
    capabilities: () =>
      Promise.resolve(
        dataPlane
          ? { dataPlane: true }
          : { dataPlane: false, reason: 'the workshop cluster has no data plane (its nodes do not run pods)' },
      ),
  };
}
