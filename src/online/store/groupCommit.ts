/**
 * Group commit: writes submitted while a commit is in flight are gathered into the next one, so
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
 * `maxBatch` items per call and runs one commit at a time.
 */
export function createGroupCommitter<T>(commit: (batch: T[]) => Promise<void>, maxBatch: number): GroupCommitter<T> {
  let queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let running: Promise<void> | null = null;

  async function run(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await commit(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        // One bad item must not take the others down with it: retry each alone.
        else for (const entry of batch) await commit([entry.item]).then(entry.resolve, entry.reject);
      }
    }
    running = null;
  }

  const submit = (item: T): Promise<void> => new Promise<void>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    running ??= run();
  });
  return Object.assign(submit, {
    drain: async (): Promise<void> => {
      while (running) await running;
    },
  });
}
