/**
 * `{{name}}` in YAML text (solutions, setup manifests, fixtures), rendered before the YAML is
 * parsed, so a variable used as a whole value takes the type its declaration gives it:
 * `nodePort: {{nodePort}}` is a number when `nodePort` is a number or a port, and
 * `name: {{name}}` stays a string even when the value looks like one (`"123"`, `yes`). Inside a
 * quoted string or a longer value, the value goes in as text (escaped inside double quotes).
 */
import { jsYaml } from './jsYaml.js';
import type { VariableType } from './schema.js';

const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

/** The declared type of each variable; undeclared types are strings. */
export type VariableTypes = Readonly<Record<string, VariableType | undefined>>;

/** Whether the use spanning [start, end) of `line` is a whole YAML scalar, unquoted. */
function isWholeScalar(line: string, start: number, end: number): boolean {
  const before = line.slice(0, start);
  const after = line.slice(end);
  const opens = before.trimEnd() === '' || /(?:^|\s)-$|:$|[[{,]$/.test(before.trimEnd());
  const spaced = before === '' || /[\s[{,]$/.test(before);
  const closes = /^\s*(?:#.*)?$|^\s*[,\]}]/.test(after);
  return opens && spaced && closes;
}

/** Whether position `index` of `line` is inside a double-quoted string. */
function insideDoubleQuotes(line: string, index: number): boolean {
  let inside = false;
  for (let i = 0; i < index; i++) {
    if (line[i] === '\\' && inside) i++;
    else if (line[i] === '"') inside = !inside;
  }
  return inside;
}

/** Whether YAML reads `value`, unquoted, back as the same string (`demos` does; `123`, `yes`, `a: b` do not). */
function readsAsItself(value: string): boolean {
  try {
    return jsYaml().load(value) === value && !/[[\]{},#]/.test(value);
  } catch {
    return false;
  }
}

/** Renders variables into YAML text; unknown names are left as they are so validation can point at them. */
export function renderYamlText(
  text: string,
  vars: Readonly<Record<string, string>>,
  types: VariableTypes = {},
): string {
  return text
    .split('\n')
    .map((line) =>
      line.replace(VARIABLE, (whole, name: string, offset: number) => {
        const value = vars[name];
        if (value === undefined) return whole;
        if (isWholeScalar(line, offset, offset + whole.length)) {
          const type = types[name] ?? 'string';
          return type === 'string' && !readsAsItself(value) ? JSON.stringify(value) : value;
        }
        return insideDoubleQuotes(line, offset) ? JSON.stringify(value).slice(1, -1) : value;
      }),
    )
    .join('\n');
}

/** Why `value` is not a valid value of `type`, or undefined when it is. */
export function variableValueProblem(type: VariableType, value: string): string | undefined {
  if (type === 'number' && !/^-?\d+(\.\d+)?$/.test(value.trim())) return `"${value}" is not a number`;
  if (type === 'port') {
    const port = Number(value);
    if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) return `"${value}" is not a port (1-65535)`;
  }
  return undefined;
}
