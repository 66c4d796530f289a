/**
 * Explaining a failed check: the fields where a learner's live object differs from the step's
 * reference solution. Only fields the solution sets are compared, so everything the API server
 * fills in (uid, status, defaults such as protocol or sessionAffinity) never shows up.
 */

export interface FieldDifference {
  /** Where, as kubectl's JSONPath-like spelling: spec.ports[0].targetPort, spec.selector.app. */
  path: string;
  expected: unknown;
  /** undefined when the live object lacks the field. */
  live: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// An int-or-string (targetPort: 8080 or "8080") and a quantity read back as a string are the same value.
const same = (expected: unknown, live: unknown): boolean =>
  expected === live || (typeof expected !== 'object' && typeof live !== 'object' && String(expected) === String(live));

const named = (items: readonly unknown[]): boolean =>
  items.length > 0 && items.every((item) => isObject(item) && typeof item['name'] === 'string');

/** Fields of `expected` that `live` lacks or holds with another value, depth first. */
export function diffObject(expected: unknown, live: unknown, path = ''): FieldDifference[] {
  if (isObject(expected)) {
    if (!isObject(live)) return [{ path: path || '.', expected, live }];
    return Object.entries(expected).flatMap(([key, value]) =>
      diffObject(value, live[key], path ? `${path}.${key}` : key),
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(live)) return [{ path, expected, live }];
    // Containers, ports, env: matched by name when every entry has one, else by position.
    if (named(expected) && named(live)) {
      return expected.flatMap((item) => {
        const name = (item as Record<string, string>)['name']!;
        const match = live.find((candidate) => (candidate as Record<string, unknown>)['name'] === name);
        return diffObject(item, match, `${path}[name=${name}]`);
      });
    }
    return expected.flatMap((item, index) => diffObject(item, live[index], `${path}[${index}]`));
  }
  return same(expected, live) ? [] : [{ path, expected, live }];
}
