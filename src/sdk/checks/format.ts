/** Small wording helpers so every check speaks the same way. */

/** {app: 'web', tier: 'front'} -> "app=web,tier=front" (the form kubectl describe prints). */
export function labelsText(labels: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** 1, "pod" -> "1 pod"; 3, "pod" -> "3 pods". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** ["a", "b", "c", "d"] -> "a, b, c and 1 more". */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}

/** True when every key=value of `selector` is among `labels`. */
export function selectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}
