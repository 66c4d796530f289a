/**
 * Removes what a lab created: exactly the namespaces and objects its manifest says it owns
 * (variables rendered), and nothing else. Waits until they are gone, so the next apply does not
 * land in a namespace that is still terminating. An owned object in `default` or `kube-*` is
 * refused: a name alone does not prove the lab made it.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { environmentError, inputError } from '../../errors.js';
import type { Lab } from '../../core/lab.js';
import { ownedTargets, sharedOwnedObjects } from '../../core/labNamespaces.js';
import type { ClusterReader, KubectlRunner } from '../../core/ports.js';
import { ATTENDEE_KINDS, EMPTIED_BY_NAME } from '../../core/workshop/plan.js';
import { checkRun } from './applyError.js';
import { DELETE_TIMEOUT_S, deleteObject, missingNamespaces, type ObjectReader } from './kubectlOps.js';

export interface ResetOptions {
  signal?: AbortSignal;
  /** One line per thing removed, for progress displays. */
  onLine?: (line: string) => void;
}

/** What was there and is gone now. */
export interface ResetResult {
  namespaces: string[];
  objects: string[];
}

/**
 * Deletes the lab's owned objects, then its owned namespaces, and waits until all are gone. In a
 * workshop (`lab.where`), empties the namespaces instead: they hold the attendee's access.
 */
export async function resetLab(
  session: { kubectl: KubectlRunner; reader: ObjectReader },
  lab: Lab,
  vars: Readonly<Record<string, string>>,
  options: ResetOptions = {},
): Promise<ResetResult> {
  const { kubectl, reader } = session;
  if (lab.where === 'workshop') return emptyNamespaces(kubectl, ownedTargets(lab, vars).namespaces, options);
  const { namespaces, objects } = ownedTargets(lab, vars);
  const shared = sharedOwnedObjects(lab.manifest.owns, vars);
  if (shared.length > 0) {
    throw inputError(
      `not resetting lab "${lab.id}": ${shared.map((entry) => entry.message).join('; ')}`,
      `delete such objects yourself if you made them; \`labs validate ${lab.id}\` explains the fix to the lab`,
    );
  }
  const signal = options.signal ? { signal: options.signal } : {};

  const deleted: string[] = [];
  for (const object of objects) {
    const label = `${object.kind}/${object.name}${object.namespace ? ` in ${object.namespace}` : ''}`;
    if (await deleteObject(kubectl, object, `deleting ${label}`, signal)) {
      deleted.push(label);
      options.onLine?.(`deleted ${label}`);
    }
  }

  const existing = await existingNamespaces(reader, namespaces, signal);
  if (existing.length > 0) {
    checkRun(
      await kubectl.run(
        ['delete', 'namespace', ...existing, '--ignore-not-found', '--wait', `--timeout=${DELETE_TIMEOUT_S}s`],
        {
          timeoutMs: (DELETE_TIMEOUT_S + 15) * 1000,
          ...signal,
        },
      ),
      `deleting namespace ${existing.join(', ')}`,
    );
    const left = await existingNamespaces(reader, existing, signal);
    if (left.length > 0) {
      throw environmentError(
        `namespace ${left.join(', ')} is still terminating after ${DELETE_TIMEOUT_S} s`,
        `see what holds it: kubectl get namespace ${left[0]} -o yaml (status.conditions)`,
      );
    }
    for (const name of existing) options.onLine?.(`deleted namespace ${name}`);
  }
  return { namespaces: existing, objects: deleted };
}

/**
 * Deletes what an attendee can make in `namespaces` (ATTENDEE_KINDS, then ConfigMaps and
 * ServiceAccounts but the cluster's own), waiting until it is gone; the namespaces stay.
 */
export async function emptyNamespaces(
  kubectl: KubectlRunner,
  namespaces: readonly string[],
  options: ResetOptions = {},
): Promise<ResetResult> {
  const signal = options.signal ? { signal: options.signal } : {};
  const deleted: string[] = [];
  const run = async (namespace: string, what: string, selection: string[]): Promise<void> => {
    const result = checkRun(
      await kubectl.run(
        [
          'delete',
          what,
          ...selection,
          '-n',
          namespace,
          '--ignore-not-found',
          '--wait',
          `--timeout=${DELETE_TIMEOUT_S}s`,
          '-o',
          'name',
        ],
        { timeoutMs: (DELETE_TIMEOUT_S + 15) * 1000, ...signal },
      ),
      `emptying namespace ${namespace}`,
    );
    // `-o name` prints kind/name per object; "No resources found in ..." when there was none.
    for (const name of result.stdout.split('\n').filter((line) => /^[\w.-]+\/\S+$/.test(line.trim()))) {
      deleted.push(`${name} in ${namespace}`);
      options.onLine?.(`deleted ${name} in ${namespace}`);
    }
  };
  for (const namespace of namespaces) {
    await run(namespace, ATTENDEE_KINDS.join(','), ['--all']);
    for (const [kind, kept] of Object.entries(EMPTIED_BY_NAME))
      await run(namespace, kind, [`--field-selector=metadata.name!=${kept}`]);
  }
  return { namespaces: [], objects: deleted };
}

async function existingNamespaces(
  reader: ObjectReader,
  names: readonly string[],
  options: { signal?: AbortSignal },
): Promise<string[]> {
  const missing = new Set(await missingNamespaces(reader, names, options));
  return names.filter((name) => !missing.has(name));
}

/**
 * Asks for the deletion of namespaces without waiting until they are gone: `labs test` moves on to
 * fresh ones and deletes the old, and at its end all of them, in the background.
 */
export async function deleteNamespaces(
  session: { kubectl: KubectlRunner },
  names: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  if (names.length === 0) return;
  const signal = options.signal ? { signal: options.signal } : {};
  checkRun(
    await session.kubectl.run(['delete', 'namespace', ...names, '--ignore-not-found', '--wait=false'], {
      timeoutMs: (DELETE_TIMEOUT_S + 15) * 1000,
      ...signal,
    }),
    `deleting namespace ${names.join(', ')}`,
  );
}

/** A pod on the host's network holds its containers' ports; others only their host ports (init containers' too). */
function holdsHostPort(pod: V1Pod): boolean {
  if (pod.spec?.hostNetwork === true) return true;
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return containers.some((container) => container.ports?.some((port) => port.hostPort !== undefined));
}

/**
 * Frees the ports on the nodes that objects in `namespaces` hold: deletes their Services with a
 * node port and their pods with a host port, and waits until they are gone. `labs test` does this
 * before it moves a lab with a `port` variable on to fresh namespaces, which take the same ports
 * while the old namespaces are deleted in the background.
 */
export async function releasePorts(
  session: { kubectl: KubectlRunner; reader: Pick<ClusterReader, 'list'> },
  namespaces: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const signal = options.signal ? { signal: options.signal } : {};
  await Promise.all(
    namespaces.map(async (namespace) => {
      const scope = { namespace };
      const [services, pods] = await Promise.all([
        session.reader.list('Service', scope, options.signal),
        session.reader.list('Pod', scope, options.signal),
      ]);
      const holding = [
        ...services
          .filter((service) => service.spec?.ports?.some((port) => port.nodePort !== undefined))
          .map((service) => `service/${service.metadata?.name ?? ''}`),
        ...pods.filter(holdsHostPort).map((pod) => `pod/${pod.metadata?.name ?? ''}`),
      ];
      if (holding.length === 0) return;
      checkRun(
        await session.kubectl.run(
          ['delete', ...holding, '-n', namespace, '--ignore-not-found', '--wait', `--timeout=${DELETE_TIMEOUT_S}s`],
          { timeoutMs: (DELETE_TIMEOUT_S + 15) * 1000, ...signal },
        ),
        `freeing the node ports of namespace ${namespace}`,
      );
    }),
  );
}
