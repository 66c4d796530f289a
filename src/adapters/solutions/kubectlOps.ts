/**
 * The few kubectl operations solutions, fixtures and resets are made of. Looking up whether
 * namespaces or objects of known kinds exist is GETs on the API connection instead: a kubectl
 * process costs ~70 ms of CPU, and `labs test` asked ~200 times per run.
 */
import { isKindName, KINDS, type KindName } from '../../core/kinds.js';
import { loadAllYaml } from '../../core/parseYaml.js';
import type { ClusterReader, KubectlRunner } from '../../core/ports.js';
import type { OwnedObject } from '../../core/schema.js';
import { checkRun } from './applyError.js';

export interface OpOptions {
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

const APPLY_TIMEOUT_MS = 60_000;
/** Deleting a namespace waits for everything in it; generous, since slow nodes take a while. */
export const DELETE_TIMEOUT_S = 180;

const signalOf = (options: OpOptions) => (options.signal ? { signal: options.signal } : {});

/** `kubectl apply -f -` with the manifest on stdin; resolves to the names kubectl printed. */
export async function applyManifest(
  kubectl: KubectlRunner,
  manifest: string,
  what: string,
  options: OpOptions = {},
): Promise<string[]> {
  const result = checkRun(
    await kubectl.run(['apply', '-f', '-'], {
      input: manifest,
      timeoutMs: APPLY_TIMEOUT_MS,
      ...signalOf(options),
      ...(options.onLine ? { onLine: (line) => options.onLine?.(line) } : {}),
    }),
    what,
  );
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Names (kind/name) of the objects of a manifest that exist already. */
export async function existingObjects(
  session: { kubectl: KubectlRunner; reader: ObjectReader },
  manifest: string,
  options: OpOptions = {},
): Promise<string[]> {
  const known = knownObjects(manifest);
  if (known) {
    const found = await Promise.all(
      known.map((object) => session.reader.get(object.kind, object.name, object.namespace, options.signal)),
    );
    return known.filter((_object, index) => found[index] !== undefined).map(({ kind, name }) => `${kind}/${name}`);
  }
  const result = checkRun(
    await session.kubectl.run(['get', '-f', '-', '--ignore-not-found', '-o', 'name'], {
      input: manifest,
      timeoutMs: APPLY_TIMEOUT_MS,
      ...signalOf(options),
    }),
    'looking up the objects of a fixture',
  );
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/**
 * The objects of a manifest as GETs the reader can make, or undefined when one of them is of a
 * kind it does not know (kubectl, with discovery, looks those up) or lacks the namespace it needs.
 */
function knownObjects(manifest: string): { kind: KindName; name: string; namespace?: string }[] | undefined {
  const documents = loadAllYaml(manifest, 'fixture manifest');
  if (!documents.ok) return undefined;
  const objects: { kind: KindName; name: string; namespace?: string }[] = [];
  for (const document of documents.value) {
    const { apiVersion, kind, metadata } = document as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    };
    if (typeof kind !== 'string' || !isKindName(kind)) return undefined;
    const info = KINDS[kind];
    const name = metadata?.name;
    const namespace = metadata?.namespace;
    if (apiVersion !== info.apiVersion || typeof name !== 'string') return undefined;
    if (info.namespaced !== (typeof namespace === 'string')) return undefined;
    objects.push({ kind, name, ...(typeof namespace === 'string' ? { namespace } : {}) });
  }
  return objects;
}

/** Deletes the objects of a manifest and their dependents, waiting until they are gone. */
export async function deleteManifest(
  kubectl: KubectlRunner,
  manifest: string,
  what: string,
  options: OpOptions = {},
): Promise<void> {
  checkRun(
    await kubectl.run(
      ['delete', '-f', '-', '--ignore-not-found', '--wait', '--cascade=foreground', `--timeout=${DELETE_TIMEOUT_S}s`],
      {
        input: manifest,
        timeoutMs: (DELETE_TIMEOUT_S + 15) * 1000,
        ...signalOf(options),
      },
    ),
    what,
  );
}

/** Deletes one named object (kind, name, namespace) and waits until it is gone; false when there was none. */
export async function deleteObject(
  kubectl: KubectlRunner,
  object: OwnedObject,
  what: string,
  options: OpOptions = {},
): Promise<boolean> {
  const args = [
    'delete',
    object.kind.toLowerCase(),
    object.name,
    ...(object.namespace ? ['-n', object.namespace] : []),
  ];
  const result = checkRun(
    await kubectl.run(
      [...args, '--ignore-not-found', '--wait', '--cascade=foreground', `--timeout=${DELETE_TIMEOUT_S}s`],
      {
        timeoutMs: (DELETE_TIMEOUT_S + 15) * 1000,
        ...signalOf(options),
      },
    ),
    what,
  );
  // With --ignore-not-found kubectl prints nothing when the object did not exist.
  return result.stdout.trim() !== '';
}

/** Reads objects by name: the reader of a cluster session. */
export type ObjectReader = Pick<ClusterReader, 'get'>;

/** Namespaces of the list that do not exist (or exist no more). */
export async function missingNamespaces(
  reader: ObjectReader,
  names: readonly string[],
  options: OpOptions = {},
): Promise<string[]> {
  const found = await Promise.all(names.map((name) => reader.get('Namespace', name, undefined, options.signal)));
  return names.filter((_name, index) => found[index] === undefined);
}

/** The namespace manifest `kubectl create namespace` would send, as YAML. */
export const namespaceManifest = (name: string): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${JSON.stringify(name)}\n`;

/** Creates the namespaces of the list that do not exist yet. */
export async function createNamespaces(
  session: { kubectl: KubectlRunner; reader: ObjectReader },
  names: readonly string[],
  options: OpOptions = {},
): Promise<void> {
  const missing = await missingNamespaces(session.reader, names, options);
  if (missing.length === 0) return;
  await applyManifest(
    session.kubectl,
    missing.map(namespaceManifest).join('---\n'),
    `creating namespace ${missing.join(', ')}`,
    options,
  );
}
