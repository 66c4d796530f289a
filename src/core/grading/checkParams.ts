/**
 * A check's arguments (`with:` in the step) against its declared params: defaults filled in,
 * variables rendered, values of the declared type. The grader runs with the values; `labs
 * validate` reports the problems with the step's file and line.
 */
import type { ParamSpec, ParamSpecs } from '../../sdk/index.js';
import { closest } from '../didYouMean.js';
import { renderTemplate } from '../template.js';

export type ParamValue = string | number | boolean;

export interface ParamProblem {
  /** The argument the problem is about; undefined for one that is missing. */
  arg?: string;
  message: string;
  fix: string;
}

export interface ResolvedParams {
  values: Record<string, ParamValue>;
  problems: ParamProblem[];
}

const TYPES = new Set(['string', 'number', 'port', 'boolean']);

/** What is wrong with a checker's `params` declaration, or undefined. */
export function paramSpecsProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return "params must be an object: { name: { type: 'string' | 'number' | 'port' | 'boolean' } }";
  for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
    const type = (spec as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !TYPES.has(type))
      return `param "${name}" has no valid type (use 'string', 'number', 'port' or 'boolean')`;
    const fallback = (spec as ParamSpec).default;
    if (fallback !== undefined && coerce(spec as ParamSpec, fallback) === undefined)
      return `param "${name}" has a default that is not a ${type}`;
  }
  return undefined;
}

/** Resolves `args` against `specs` (no specs: the check takes no params). */
export function resolveParams(
  specs: ParamSpecs | undefined,
  args: Readonly<Record<string, ParamValue>>,
  vars: Readonly<Record<string, string>>,
): ResolvedParams {
  const declared = specs ?? {};
  const names = Object.keys(declared);
  const values: Record<string, ParamValue> = {};
  const problems: ParamProblem[] = [];
  for (const [arg, raw] of Object.entries(args)) {
    const spec = declared[arg];
    if (!spec) {
      const near = closest(arg, names);
      problems.push({
        arg,
        message: `the check has no param "${arg}"`,
        fix: `${near ? `did you mean "${near}"? ` : ''}its params: ${names.join(', ') || 'none'}`,
      });
      continue;
    }
    const value = coerce(spec, typeof raw === 'string' ? renderTemplate(raw, vars) : raw);
    if (value === undefined) {
      problems.push({
        arg,
        message: `param "${arg}" must be ${article(spec.type)}, not ${JSON.stringify(raw)}`,
        fix: spec.type === 'port' ? 'give a port number from 1 to 65535' : `give ${article(spec.type)}`,
      });
      continue;
    }
    values[arg] = value;
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (name in args) continue;
    if (spec.default !== undefined) values[name] = coerce(spec, spec.default) ?? spec.default;
    else
      problems.push({
        message: `param "${name}" is missing`,
        fix: `add it under with: (${spec.description ?? article(spec.type)})`,
      });
  }
  return { values, problems };
}

const article = (type: string): string => (type === 'string' ? 'a string' : `a ${type}`);

function coerce(spec: ParamSpec, value: ParamValue): ParamValue | undefined {
  switch (spec.type) {
    case 'string':
      return typeof value === 'boolean' ? undefined : String(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    case 'number':
    case 'port': {
      const number =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(number)) return undefined;
      if (spec.type === 'port' && !(Number.isInteger(number) && number >= 1 && number <= 65535)) return undefined;
      return number;
    }
  }
}
