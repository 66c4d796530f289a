/** YAML parsing that reports problems with a line instead of throwing. */
import { jsYaml } from './jsYaml.js';
import * as v from 'valibot';
import type { Problem } from './lab.js';
import { lineOfPath } from './yamlLines.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/**
 * Parses one YAML document; a syntax error becomes a problem on its line. With `memo`, a text
 * parsed before (in this process, or in an earlier one through the cache that primed the memo)
 * is not parsed again: lab manifests and step front matter are read by every command.
 */
export function loadYaml(text: string, file: string, firstLine = 1, memo?: YamlMemo): Parsed<unknown> {
  const known = memo?.get(text);
  if (known !== undefined) return { ok: true, value: known };
  try {
    const value = jsYaml().load(text, { filename: file });
    memo?.set(text, value);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, problems: [yamlProblem(error, file, firstLine)] };
  }
}

/**
 * Parsed YAML by its exact text, kept as JSON so that each hit is a fresh copy. Only values that
 * JSON gives back unchanged are kept (not dates, say), so a hit is exactly what the parse gives.
 */
export class YamlMemo {
  readonly #entries: Map<string, string>;
  #added = 0;

  constructor(entries: Iterable<readonly [string, string]> = []) {
    this.#entries = new Map(entries);
  }

  /** A hit also makes the text the newest entry, so a full cache drops what was used longest ago. */
  get(text: string): unknown {
    const json = this.#entries.get(text);
    if (json === undefined) return undefined;
    this.#entries.delete(text);
    this.#entries.set(text, json);
    return JSON.parse(json);
  }

  set(text: string, value: unknown): void {
    if (!sameAsJson(value)) return;
    this.#entries.set(text, JSON.stringify(value));
    this.#added += 1;
  }

  /** How many texts were parsed and kept since the memo was made. */
  get added(): number {
    return this.#added;
  }

  /** The `limit` entries used or added last, least recently used first. */
  entries(limit = Infinity): [string, string][] {
    const all = [...this.#entries];
    return all.slice(Math.max(0, all.length - limit));
  }
}

function sameAsJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(sameAsJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, item]) => key !== '__proto__' && sameAsJson(item));
}

/** Parses every document of a multi-document YAML file. */
export function loadAllYaml(text: string, file: string): Parsed<unknown[]> {
  try {
    return {
      ok: true,
      value: jsYaml()
        .loadAll(text, undefined, { filename: file })
        .filter((doc) => doc != null),
    };
  } catch (error) {
    return { ok: false, problems: [yamlProblem(error, file, 1)] };
  }
}

function yamlProblem(error: unknown, file: string, firstLine: number): Problem {
  const yamlError = error as { reason?: string; mark?: { line: number }; message?: string };
  return {
    file,
    line: (yamlError.mark?.line ?? 0) + firstLine,
    message: `YAML syntax error: ${yamlError.reason ?? yamlError.message ?? String(error)}`,
    fix: 'fix the YAML syntax on this line (indentation, a missing colon or an unclosed quote)',
  };
}

/** Validates a parsed document against a schema; every issue becomes a problem with a line. */
export function checkSchema<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  source: string,
  file: string,
  firstLine = 1,
): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, value ?? {});
  if (result.success) return { ok: true, value: result.output };
  const problems = result.issues.map((issue): Problem => {
    const path = (issue.path ?? []).map((item) => item.key as PropertyKey);
    const where = path.length ? `"${path.join('.')}"` : '';
    if (issue.type === 'strict_object' && issue.expected === 'never') {
      const parent = path.slice(0, -1);
      return {
        file,
        line: lineOfPath(source, path, firstLine),
        message: `unknown field "${String(path[path.length - 1])}"${parent.length ? ` in "${parent.join('.')}"` : ''}`,
        fix: 'remove it or correct its spelling (see docs/authoring.md for the fields)',
      };
    }
    if (issue.received === 'undefined') {
      return {
        file,
        line: lineOfPath(source, path.slice(0, -1), firstLine),
        message: `missing field ${where}`,
        fix: `add "${String(path[path.length - 1])}" (see docs/authoring.md)`,
      };
    }
    return {
      file,
      line: lineOfPath(source, path, firstLine),
      message: `${where ? `${where}: ` : ''}${issue.message}`,
      fix: fixFor(issue),
    };
  });
  return { ok: false, problems };
}

function fixFor(issue: v.BaseIssue<unknown>): string {
  switch (issue.kind === 'schema' ? issue.type : 'validation') {
    case 'picklist':
    case 'literal':
      return `use ${issue.expected}`;
    case 'string':
    case 'number':
    case 'boolean':
    case 'array':
    case 'object':
    case 'strict_object':
      return `use a ${issue.expected} here`;
    default:
      return issue.type === 'min_length'
        ? 'add at least one entry or a longer value'
        : 'correct the value (see docs/authoring.md)';
  }
}
