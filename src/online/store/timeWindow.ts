/** Time windows of store queries, in epoch milliseconds. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber } from '../../core/validate.js';
import { DUCKDB_EVENT_LIMITS, POSTGRES_EVENT_LIMITS, type EventStoreLimits } from './events.js';
import type { SqlDialect, SqlDialectName } from './sqlDialect.js';

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

/** The timestamps each engine's event store holds (validateEvent keeps every row inside them). */
const STORED_TIMESTAMPS: Partial<Record<SqlDialectName, Readonly<EventStoreLimits>>> = { duckdb: DUCKDB_EVENT_LIMITS, postgres: POSTGRES_EVENT_LIMITS };

/**
 * The SQL condition `ts >= since` (`bound` 'since') or `ts < until` ('until') on a row's raw `ts`
 * column, the bound a timestamp the dialect builds from the epoch-ms number `value` (a placeholder),
 * so the engine computes nothing per row and can skip blocks by their ts range. On DuckDB and
 * PostgreSQL the number is first clamped (GREATEST/LEAST) to [first, last + 1 ms] of the timestamps
 * their stores hold: every stored row lies there, so the rows selected are those of the unclamped
 * bound, while any finite bound — {@link ALL_TIME} included, whose start precedes PostgreSQL's
 * 4713 BC — converts without overflow.
 * @example timeBoundCondition(sqlDialect('postgres'), 'until', '$2') // "ts < (TIMESTAMP 'epoch' + (GREATEST(LEAST(CAST($2 AS DOUBLE PRECISION), 8640000000000001), -210866803200000)) * INTERVAL '1 millisecond')"
 */
export function timeBoundCondition(dialect: SqlDialect, bound: 'since' | 'until', value: string, column = 'ts'): string {
  const stored = STORED_TIMESTAMPS[dialect.name];
  const number = `CAST(${value} AS ${dialect.type('double')})`;
  const clamped = stored ? `GREATEST(LEAST(${number}, ${stored.maxTimestampMs + 1}), ${stored.minTimestampMs})` : number;
  return `${column} ${bound === 'since' ? '>=' : '<'} ${dialect.timestampFromEpochMs(clamped)}`;
}

/**
 * The SQL condition `since ≤ ts < until` of a windowed query (see {@link timeBoundCondition});
 * `parameter` writes the placeholders of the epoch-ms parameters since and until.
 */
export function timeWindowCondition(dialect: SqlDialect, parameter: (name: string) => string): string {
  return `${timeBoundCondition(dialect, 'since', parameter('since'))}
    AND ${timeBoundCondition(dialect, 'until', parameter('until'))}`;
}
