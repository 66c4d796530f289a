/**
 * "Did you mean …?" for ids the learner types (labs, steps, questions, commands, variables,
 * options): the closest known id by edit distance, when it is close enough to be a typo.
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/**
 * The known id closest to `input`, if it is within a typo's reach (a third of its length, at
 * least one edit) or `input` is a prefix of exactly one id; otherwise undefined.
 */
export function closest(input: string, known: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  const prefixed = known.filter((id) => id.toLowerCase().startsWith(typed));
  if (typed.length >= 2 && prefixed.length === 1) return prefixed[0];
  let best: { id: string; distance: number } | undefined;
  for (const id of known) {
    const distance = editDistance(typed, id.toLowerCase());
    if (!best || distance < best.distance) best = { id, distance };
  }
  if (!best || best.distance === 0) return best?.id;
  return best.distance <= Math.max(1, Math.floor(Math.max(typed.length, best.id.length) / 3)) ? best.id : undefined;
}

/** The next step of an unknown-id error: "did you mean "x"? steps: a, b, c". */
export function suggestion(input: string, known: readonly string[], listLabel: string): string {
  const near = closest(input, known);
  const list = `${listLabel}: ${known.join(', ')}`;
  return near ? `did you mean "${near}"? ${list}` : list;
}
