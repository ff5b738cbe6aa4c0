/** Messages a data-parallel replica worker sends to the main thread. */
export type FromReplica = { type: 'ready' } | { type: 'done' } | { type: 'failed'; message: string };
