/** The experiment served by the replica test's processes (replicaChild.ts, rolloutChild.ts). */
export const REPLICA_EXPERIMENT = { experiment: 'replicas', arms: ['control', 'treatment'] } as const;
