/** Time windows of store queries, in epoch milliseconds. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber } from '../../core/validate.js';

/**
 * The window [since, until) that holds every timestamp: JavaScript's whole time-value range,
 * ±8.64e15 ms (ECMA-262, "Time Values and Time Range"), with `until` one past its end so the last
 * representable instant is inside. No store holds a timestamp outside it (every event is a
 * JavaScript time value), so this is the "all time" default of windowed queries whatever the engine.
 * @example ALL_TIME.until - ALL_TIME.since // 17280000000000001
 */
export const ALL_TIME: Readonly<{ since: number; until: number }> = Object.freeze({ since: -8.64e15, until: 8.64e15 + 1 });

/**
 * The window [options.since, options.until) of a store query, each defaulting to {@link ALL_TIME}.
 * @throws {InvalidArgumentError} naming options.since / options.until when not finite, or until < since.
 */
export function checkTimeWindow(options: { since?: number; until?: number }): { since: number; until: number } {
  const since = options.since ?? ALL_TIME.since;
  const until = options.until ?? ALL_TIME.until;
  assertFiniteNumber('options.since', since);
  assertFiniteNumber('options.until', until);
  if (until < since) throw new InvalidArgumentError('options.until', until, `expected >= options.since (${since})`);
  return { since, until };
}

/**
 * The portable SQL condition `since ≤ ts < until` on a predictions row, in epoch ms (EXTRACT(EPOCH
 * ...) runs on DuckDB and PostgreSQL); `number` writes a numeric parameter's placeholder.
 */
export function timeWindowCondition(number: (name: string) => string): string {
  return `EXTRACT(EPOCH FROM ts) * 1000 >= ${number('since')}
    AND EXTRACT(EPOCH FROM ts) * 1000 < ${number('until')}`;
}
