/** Time windows of store queries, in epoch milliseconds. */

/**
 * The window [since, until) that holds every timestamp: JavaScript's whole time-value range,
 * ±8.64e15 ms (ECMA-262, "Time Values and Time Range"), with `until` one past its end so the last
 * representable instant is inside. No store holds a timestamp outside it (every event is a
 * JavaScript time value), so this is the "all time" default of windowed queries whatever the engine.
 * @example ALL_TIME.until - ALL_TIME.since // 17280000000000001
 */
export const ALL_TIME: Readonly<{ since: number; until: number }> = Object.freeze({ since: -8.64e15, until: 8.64e15 + 1 });
