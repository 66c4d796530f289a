/**
 * Lab variables where solutions and resets need them: rendered into fixture objects and owned
 * object lists, and exported to solve.sh and answer commands.
 */
import type { Lab } from '../lab.js';
import type { OwnedObject } from '../schema.js';
import { renderTemplate } from '../template.js';
import { inputError } from '../../errors.js';

/** Renders `{{name}}` in every string of a parsed YAML value (keys included). */
export function renderDeep(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars);
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [renderTemplate(key, vars), renderDeep(item, vars)]),
    );
  }
  return value;
}

/**
 * Variables as environment for scripts: `namespace` -> NAMESPACE, and `jumpboxName` also as
 * JUMPBOX_NAME, so either spelling works in solve.sh.
 */
export function variablesEnv(vars: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    env[name.toUpperCase()] = value;
    env[name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()] = value;
  }
  return env;
}

/** Namespaces no lab may own, whatever its variables say: deleting them would break the cluster. */
const PROTECTED_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

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
    if (PROTECTED_NAMESPACES.has(name) || name.startsWith('kube-')) {
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

const SHELL_SAFE = /^[\w.\-/:=@+,%]*$/;

/**
 * Renders `{{name}}` in a bash script. Values made only of safe characters go in as they are;
 * anything else is single-quoted, so a value can never become shell syntax.
 */
export function renderForShell(script: string, vars: Readonly<Record<string, string>>): string {
  const quoted = Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [
      name,
      SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`,
    ]),
  );
  return renderTemplate(script, quoted);
}

/** What a reset deletes, in words: "namespace demos, Pod jumpbox in default". */
export function describeOwned(targets: OwnedTargets): string {
  const parts = [
    ...targets.namespaces.map((name) => `namespace ${name}`),
    ...targets.objects.map(
      (object) => `${object.kind} ${object.name}${object.namespace ? ` in ${object.namespace}` : ''}`,
    ),
  ];
  return parts.length > 0 ? parts.join(', ') : 'nothing (the lab owns no namespace or object)';
}
