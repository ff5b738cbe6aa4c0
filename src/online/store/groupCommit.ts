/**
 * Group commit: writes submitted while commits are in flight are gathered into the next one, so
 * a busy server pays one transaction per batch instead of one per event, and every caller's
 * promise still resolves only after the transaction holding its item has committed. A failed batch
 * is retried item by item, so a failure rejects only the items that fail on their own.
 */

/** Submits one item; resolves after the commit that contains it, rejects if that commit fails. */
export type GroupCommitter<T> = ((item: T) => Promise<void>) & {
  /** Resolves when every item submitted so far has been committed (or has failed). */
  drain(): Promise<void>;
};

/**
 * Wraps `commit` (which must write a whole batch atomically) in a queue that batches at most
 * `maxBatch` items per call and runs at most `maxInFlight` commits at a time (1 for an engine
 * with a single writer such as DuckDB; more lets a server engine overlap the round trips and
 * log flushes of several transactions).
 */
export function createGroupCommitter<T>(commit: (batch: T[]) => Promise<void>, maxBatch: number, maxInFlight = 1): GroupCommitter<T> {
  const queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;
  let drained: (() => void)[] = [];

  async function commitBatch(batch: typeof queue): Promise<void> {
    try {
      await commit(batch.map((entry) => entry.item));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      // One bad item must not take the others down with it: retry each alone.
      else for (const entry of batch) await commit([entry.item]).then(entry.resolve, entry.reject);
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      commitBatch(batch).finally(() => {
        inFlight--;
        pump();
        if (inFlight === 0 && queue.length === 0) {
          const waiting = drained;
          drained = [];
          waiting.forEach((resolve) => resolve());
        }
      });
    }
  }

  const submit = (item: T): Promise<void> => new Promise<void>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    pump();
  });
  return Object.assign(submit, {
    drain: (): Promise<void> => (inFlight === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve))),
  });
}
