/**
 * Where lab content may make changes: only in the namespaces the lab owns, never in a namespace
 * of the whole cluster. `labs validate`, resets and the fixture applier share these rules, so
 * `labs test` never changes `default` or anything else a learner (or another lab) made.
 */
import { inputError } from '../errors.js';
import type { Lab, LabWhere } from './lab.js';
import type { Fixture, LabManifest, OwnedObject } from './schema.js';
import { renderTemplate } from './template.js';

/** Namespaces of the whole cluster: no lab may own them, nor objects in them; deleting them would break the cluster. */
export function isClusterNamespace(name: string): boolean {
  return name === 'default' || name === 'local-path-storage' || name.startsWith('kube-');
}

/** An entry of lab content that reaches outside the lab's namespaces. */
export interface ForeignEntry {
  /** Path of the entry in its YAML file, to find its line. */
  keyPath: PropertyKey[];
  message: string;
}

interface Target {
  kind: string;
  name: string;
  namespace: string | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function applyTarget(object: Readonly<Record<string, unknown>>, vars: Readonly<Record<string, string>>): Target {
  const metadata = (object['metadata'] ?? {}) as Record<string, unknown>;
  const namespace = text(metadata['namespace']);
  return {
    kind: text(object['kind']) ?? '(no kind)',
    name: renderTemplate(text(metadata['name']) ?? '', vars),
    namespace: namespace === undefined ? undefined : renderTemplate(namespace, vars),
  };
}

/** Why the target is not the lab's to change, or undefined when it is. */
function outsideReason(verb: string, target: Target, owned: ReadonlySet<string>): string | undefined {
  const what = `${target.kind} "${target.name}"`;
  if (target.kind === 'Namespace')
    return owned.has(target.name) ? undefined : `fixture ${verb} ${what}, which the lab does not own`;
  if (target.namespace === undefined)
    return `fixture ${verb} ${what} without a namespace, outside the namespaces the lab owns`;
  if (owned.has(target.namespace)) return undefined;
  return `fixture ${verb} ${what} in namespace "${target.namespace}", which the lab does not own`;
}

/**
 * The `apply` and `delete` entries of a fixture (variables rendered with `vars`) that are not in
 * one of the `owned` namespaces; a Namespace entry must itself be owned.
 */
export function foreignFixtureEntries(
  fixture: Fixture,
  vars: Readonly<Record<string, string>>,
  owned: readonly string[],
): ForeignEntry[] {
  const ownedSet = new Set(owned);
  const found: ForeignEntry[] = [];
  fixture.delete.forEach((object, index) => {
    const target = {
      kind: object.kind,
      name: renderTemplate(object.name, vars),
      namespace: object.namespace === undefined ? undefined : renderTemplate(object.namespace, vars),
    };
    const message = outsideReason('deletes', target, ownedSet);
    if (message) found.push({ keyPath: ['delete', index], message });
  });
  fixture.apply.forEach((object, index) => {
    const target = applyTarget(object, vars);
    const message = outsideReason('applies', target, ownedSet);
    const field = target.kind === 'Namespace' ? 'name' : target.namespace === undefined ? undefined : 'namespace';
    if (message) found.push({ keyPath: ['apply', index, 'metadata', ...(field ? [field] : [])], message });
  });
  return found;
}

/** `owns.objects` entries (variables rendered) that sit in a namespace of the whole cluster. */
export function sharedOwnedObjects(owns: LabManifest['owns'], vars: Readonly<Record<string, string>>): ForeignEntry[] {
  const found: ForeignEntry[] = [];
  owns.objects.forEach((object, index) => {
    const namespace = object.namespace === undefined ? undefined : renderTemplate(object.namespace, vars);
    if (namespace !== undefined && isClusterNamespace(namespace)) {
      found.push({
        keyPath: ['owns', 'objects', index],
        message: `lab owns ${object.kind} "${renderTemplate(object.name, vars)}" in namespace "${namespace}", which belongs to the whole cluster`,
      });
    }
  });
  return found;
}

export interface OwnedTargets {
  namespaces: string[];
  objects: OwnedObject[];
}

const unrendered = (text: string): boolean => /\{\{.*\}\}/.test(text);

/**
 * What `labs reset` may delete: the lab's owned namespaces and objects with variables rendered.
 * Refuses (input error) a protected namespace or a name still holding a variable.
 */
export function ownedTargets(lab: Lab, vars: Readonly<Record<string, string>>): OwnedTargets {
  const { owns } = lab.manifest;
  const namespaces = owns.namespaces.map((name) => renderTemplate(name, vars));
  const objects = owns.objects.map((object) => ({
    kind: object.kind,
    name: renderTemplate(object.name, vars),
    ...(object.namespace === undefined ? {} : { namespace: renderTemplate(object.namespace, vars) }),
  }));
  for (const name of namespaces) {
    if (isClusterNamespace(name)) {
      throw inputError(
        `lab "${lab.id}" would own namespace "${name}", which no lab may delete`,
        'choose another namespace, e.g. --var namespace=my-lab',
      );
    }
  }
  for (const text of [...namespaces, ...objects.flatMap((object) => [object.name, object.namespace ?? ''])]) {
    if (unrendered(text))
      throw inputError(
        `lab "${lab.id}" owns "${text}", which uses an undeclared variable`,
        `run \`labs validate ${lab.id}\``,
      );
  }
  return { namespaces, objects };
}

/**
 * What a reset deletes, in words: "namespace demos, Pod jumpbox in default". In a workshop the
 * namespaces are emptied, not deleted: they hold the attendee's access.
 */
export function describeOwned(targets: OwnedTargets, where?: LabWhere): string {
  if (where === 'workshop' && targets.namespaces.length > 0) {
    const places = targets.namespaces.map((name) => `namespace ${name}`).join(', ');
    return `everything you made in ${places} (the namespaces stay: they hold your workshop access)`;
  }
  const parts = [
    ...targets.namespaces.map((name) => `namespace ${name}`),
    ...targets.objects.map(
      (object) => `${object.kind} ${object.name}${object.namespace ? ` in ${object.namespace}` : ''}`,
    ),
  ];
  return parts.length > 0 ? parts.join(', ') : 'nothing (the lab owns no namespace or object)';
}
