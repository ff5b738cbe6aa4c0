/** Time sources of the model server, injectable so simulations can run on virtual time. */

/** Wall-clock timestamps for events and a monotonic high-resolution counter for latencies. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Monotonic nanoseconds (only differences are meaningful). */
  monotonicNs(): bigint;
}

/** The real clock: `Date.now()` and `process.hrtime.bigint()`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonicNs: () => process.hrtime.bigint(),
};
