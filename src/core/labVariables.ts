/**
 * Lab variables: their values (defaults, the environment, --var), and where they go: rendered
 * into fixture objects, command blocks and scripts, and exported to solve.sh and answer commands.
 */
import { inputError } from '../errors.js';
import { suggestion } from './didYouMean.js';
import type { Lab } from './lab.js';
import { renderTemplate } from './template.js';
import { renderYamlText, variableValueProblem, type VariableTypes } from './yamlTemplate.js';

/** Default values of the lab's variables, overridden by the given ones. */
export function labVariables(lab: Lab, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, variable] of Object.entries(lab.manifest.variables))
    values[name] = overrides[name] ?? String(variable.default);
  return values;
}

/** The declared type of each of the lab's variables, for rendering them into YAML. */
export const variableTypes = (lab: Pick<Lab, 'manifest'>): VariableTypes =>
  Object.fromEntries(Object.entries(lab.manifest.variables).map(([name, variable]) => [name, variable.type]));

/** The lab's variables rendered into YAML text, each whole unquoted value as its declared type. */
export const renderLabYaml = (
  lab: Pick<Lab, 'manifest'>,
  text: string,
  vars: Readonly<Record<string, string>>,
): string => renderYamlText(text, vars, variableTypes(lab));

/** Lab variables: defaults, then K8S_LABS_VAR_<NAME> from the environment, then --var name=value. */
export function resolveVariables(lab: Lab, flags: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(lab.manifest.variables)) {
    const fromEnv = env[`K8S_LABS_VAR_${name.toUpperCase()}`];
    if (fromEnv) overrides[name] = fromEnv;
  }
  for (const flag of flags) {
    const [name, ...rest] = flag.split('=');
    if (!name || rest.length === 0)
      throw inputError(`--var "${flag}" is not name=value`, 'write it as --var namespace=alice');
    if (!(name in lab.manifest.variables)) {
      throw inputError(
        `lab "${lab.id}" has no variable "${name}"`,
        suggestion(name, Object.keys(lab.manifest.variables), 'variables'),
      );
    }
    overrides[name] = rest.join('=');
  }
  for (const [name, value] of Object.entries(overrides)) {
    const type = lab.manifest.variables[name]?.type ?? 'string';
    const wrong = variableValueProblem(type, value);
    if (wrong)
      throw inputError(
        `variable "${name}": ${wrong}`,
        `give ${name} a ${type} value, e.g. --var ${name}=${String(lab.manifest.variables[name]?.default)}`,
      );
    if (name === 'namespace' && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
      throw inputError(`"${value}" is not a valid namespace name`, 'use lower-case letters, digits and dashes');
    }
  }
  return labVariables(lab, overrides);
}

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

const SHELL_SAFE = /^[\w.\-/:=@+,%]*$/;

/** The value as one shell word: unchanged when made only of safe characters, else single-quoted. */
export const shellWord = (value: string): string =>
  SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Renders `{{name}}` in a bash script. Values made only of safe characters go in as they are;
 * anything else is single-quoted, so a value can never become shell syntax.
 */
export function renderForShell(script: string, vars: Readonly<Record<string, string>>): string {
  const quoted = Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, shellWord(value)]));
  return renderTemplate(script, quoted);
}
