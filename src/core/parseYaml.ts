/** YAML parsing that reports problems with a line instead of throwing. */
import yaml from 'js-yaml';
import type { z } from 'zod';
import type { Problem } from './lab.js';
import { lineOfPath } from './yamlLines.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Parses one YAML document; a syntax error becomes a problem on its line. */
export function loadYaml(text: string, file: string, firstLine = 1): Parsed<unknown> {
  try {
    return { ok: true, value: yaml.load(text, { filename: file }) };
  } catch (error) {
    return { ok: false, problems: [yamlProblem(error, file, firstLine)] };
  }
}

/** Parses every document of a multi-document YAML file. */
export function loadAllYaml(text: string, file: string): Parsed<unknown[]> {
  try {
    return { ok: true, value: yaml.loadAll(text, undefined, { filename: file }).filter((doc) => doc != null) };
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
export function checkSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  file: string,
  firstLine = 1,
): Parsed<z.infer<S>> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((issue): Problem => {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return {
        file,
        line: lineOfPath(source, [...path, key], firstLine),
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where(path)}`,
        fix: 'remove it or correct its spelling (see docs/authoring.md for the fields)',
      };
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return {
      file,
      line: lineOfPath(source, path, firstLine),
      message: missing ? `missing field "${path.join('.')}"` : `${path.length ? `"${path.join('.')}": ` : ''}${issue.message}`,
      fix: missing ? `add "${String(path[path.length - 1])}" (see docs/authoring.md)` : fixFor(issue),
    };
  });
  return { ok: false, problems };
}

const where = (path: PropertyKey[]): string => (path.length ? ` in "${path.join('.')}"` : '');

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `use a ${issue.expected} here`;
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return 'correct the value to the expected format';
    case 'too_small':
      return 'add at least one entry or a longer value';
    default:
      return 'correct the value (see docs/authoring.md)';
  }
}
