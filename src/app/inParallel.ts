/**
 * Runs tasks `limit` at a time and relays their events in the order of `items`: the first task's
 * events as they come, each later one's held until every task before it has finished. A task that
 * throws stops new ones from starting; the call rejects with its error once the running ones have
 * ended, so nothing is still at work when the caller hears of the failure.
 */
export async function inParallel<T, E, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, emit: (event: E) => void) => Promise<R>,
  onEvent: (event: E) => void,
): Promise<R[]> {
  const held: E[][] = items.map(() => []);
  const finished = items.map(() => false);
  let shown = 0;
  const flush = (): void => {
    while (shown < items.length) {
      for (const event of held[shown]!.splice(0)) onEvent(event);
      if (!finished[shown]) return;
      shown += 1;
    }
  };
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, (event) => {
          held[index]!.push(event);
          flush();
        });
      } catch (error) {
        failure ??= { error };
      } finally {
        finished[index] = true;
        flush();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
