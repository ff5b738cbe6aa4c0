/**
 * Unit-level sufficient statistics of the operational guardrail metrics (model error rate, mean
 * latency, a latency quantile), aggregated in SQL next to the data: one row per arm whatever the
 * traffic, so monitoring memory is O(arms), not O(events).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertArrayLike, assertFunction, assertInteger, assertOpenUnitInterval, toFiniteArray } from '../../core/validate.js';
import { normalQuantile } from '../../stats/core/distributions.js';
import { CovarianceStats } from '../../stats/abtest/covarianceStats.js';
import { quantileClustered, summarizeQuantile, type QuantileSummary } from '../../stats/abtest/quantileClustered.js';
import { ratioEstimate } from '../../stats/abtest/ratioMetricTest.js';
import type { SampleSummary } from '../../stats/core/summary.js';
import { assertNonEmptyString, type PredictionEvent } from './events.js';
import { sqlDialect, type SqlDialect, type SqlDialectName } from './sqlDialect.js';
import { checkTimeWindow, timeWindowCondition } from './timeWindow.js';

/**
 * Per-arm sums over units of the per-unit totals in a time window. For unit i: mᵢ = requests,
 * eᵢ = model errors, lᵢ = summed latency (ms), bᵢ = requests with latency ≤ the arm's quantile
 * estimate. Each metric is a ratio over units (error rate Σe/Σm, mean latency Σl/Σm, fraction
 * below the quantile Σb/Σm), so its variance comes from the delta method over units, which is
 * what makes a unit with many requests count as one randomised unit.
 */
export interface ArmGuardrailStatistics {
  arm: string;
  /** Distinct units with a request in the window. */
  units: number;
  /** Σmᵢ, Σmᵢ², and the largest mᵢ (how much one unit can weigh). */
  requests: number;
  requestsSquares: number;
  maxUnitRequests: number;
  /** Σeᵢ, Σeᵢ², Σeᵢmᵢ. */
  errors: number;
  errorsSquares: number;
  errorsRequests: number;
  /** Σlᵢ, Σlᵢ², Σlᵢmᵢ (milliseconds). */
  latency: number;
  latencySquares: number;
  latencyRequests: number;
  /** Type-7 sample quantile of the arm's request latencies at `quantileLevel`, and at its two bound levels. */
  quantileLevel: number;
  quantile: number;
  quantileLower: number;
  quantileUpper: number;
  /** Σbᵢ, Σbᵢ², Σbᵢmᵢ. */
  below: number;
  belowSquares: number;
  belowRequests: number;
}

/** What to aggregate: one experiment's requests with `since ≤ timestamp < until` (epoch ms). */
export interface GuardrailStatisticsOptions {
  experiment: string;
  /** Window start, epoch ms (inclusive). Default: all time. */
  since?: number;
  /** Window end, epoch ms (exclusive). Default: all time. */
  until?: number;
  /** Latency quantile level. Default 0.95. */
  quantileLevel?: number;
}

/** Placeholder of a named query parameter in a SQL dialect. */
export type SqlParameter = (name: string) => string;

/** DuckDB's named parameters: `$name`. */
export const duckDbParameter: SqlParameter = (name) => `$${name}`;

/** Type-7 quantile of the ranked latencies at `level` (a SQL expression): x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎), h = (n − 1)·level + 1. */
function typeSevenQuantile(level: string): string {
  const h = `((events - 1) * ${level})`;
  return `SUM(CASE WHEN position = FLOOR(${h}) + 1 THEN latency_ms * (1 - (${h} - FLOOR(${h})))
                  WHEN position = FLOOR(${h}) + 2 THEN latency_ms * (${h} - FLOOR(${h}))
                  ELSE 0 END)`;
}

/**
 * The guardrail query in portable SQL (CTEs, ROW_NUMBER/COUNT windows, CASE, SUM, FLOOR, SQRT;
 * no engine-specific aggregates; only the time window's bounds are built by `dialect`), one row per arm. Two passes over the window's
 * requests inside the database: the first ranks latencies per arm to read the type-7 quantile at
 * ν and at ν ∓ z_{0.975}·√(ν(1 − ν)/n) (clamped to [1e-8, 1 − 1e-8]); the second joins those back
 * to count, per unit, the requests at or below the quantile, then sums per arm. Requests refused
 * for the client's input (`error_kind = 'input'`) are excluded. Parameters: experiment, since, until
 * (epoch ms, turned into timestamps the raw ts column is compared with: {@link timeWindowCondition}),
 * level, z; `parameter` writes their placeholders (DuckDB `$name` by default; pass e.g. PostgreSQL's
 * positional `$1..$5`), `dialect` names the engine (default DuckDB). Checked on
 * PostgreSQL 15 (positional parameters, PREPARE with text and four double precision): the same
 * rows as {@link guardrailStatisticsFromEvents} on the seeded events of the store test.
 * @throws {InvalidArgumentError} when `parameter` is not a function or `dialect` is unknown.
 * @example guardrailStatisticsSql().includes('$experiment') // true
 */
export function guardrailStatisticsSql(parameter: SqlParameter = duckDbParameter, dialect: SqlDialectName | SqlDialect = 'duckdb'): string {
  assertFunction('parameter', parameter);
  const engine = sqlDialect(dialect);
  const number = (name: string) => `CAST(${parameter(name)} AS DOUBLE PRECISION)`;
  const level = number('level');
  const spread = `${number('z')} * SQRT(${level} * (1 - ${level}) / events)`;
  const clamp = (expression: string) => `(CASE WHEN ${expression} < 1e-8 THEN 1e-8 WHEN ${expression} > 1 - 1e-8 THEN 1 - 1e-8 ELSE ${expression} END)`;
  return `
WITH served AS (
  SELECT unit_id, arm, latency_ms, CASE WHEN error IS NULL THEN 0 ELSE 1 END AS failed
  FROM predictions
  WHERE experiment = ${parameter('experiment')} AND arm IS NOT NULL
    AND (error_kind IS NULL OR error_kind <> 'input')
    AND ${timeWindowCondition(engine, parameter)}
),
ranked AS (
  SELECT arm, latency_ms,
         ROW_NUMBER() OVER (PARTITION BY arm ORDER BY latency_ms) AS position,
         CAST(COUNT(*) OVER (PARTITION BY arm) AS DOUBLE PRECISION) AS events
  FROM served
),
levels AS (
  SELECT arm, latency_ms, position, events, ${level} AS central,
         ${clamp(`${level} - ${spread}`)} AS lower_level,
         ${clamp(`${level} + ${spread}`)} AS upper_level
  FROM ranked
),
arm_quantiles AS (
  SELECT arm,
         ${typeSevenQuantile('central')} AS quantile,
         ${typeSevenQuantile('lower_level')} AS quantile_lower,
         ${typeSevenQuantile('upper_level')} AS quantile_upper
  FROM levels
  GROUP BY arm
),
unit_totals AS (
  SELECT s.arm, s.unit_id,
         CAST(COUNT(*) AS DOUBLE PRECISION) AS m,
         CAST(SUM(s.failed) AS DOUBLE PRECISION) AS e,
         SUM(s.latency_ms) AS l,
         CAST(SUM(CASE WHEN s.latency_ms <= q.quantile THEN 1 ELSE 0 END) AS DOUBLE PRECISION) AS b
  FROM served s JOIN arm_quantiles q ON q.arm = s.arm
  GROUP BY s.arm, s.unit_id
)
SELECT u.arm,
       CAST(COUNT(*) AS DOUBLE PRECISION) AS units,
       SUM(m) AS requests, SUM(m * m) AS requests_squares, MAX(m) AS max_unit_requests,
       SUM(e) AS errors, SUM(e * e) AS errors_squares, SUM(e * m) AS errors_requests,
       SUM(l) AS latency, SUM(l * l) AS latency_squares, SUM(l * m) AS latency_requests,
       q.quantile, q.quantile_lower, q.quantile_upper,
       SUM(b) AS below, SUM(b * b) AS below_squares, SUM(b * m) AS below_requests
FROM unit_totals u JOIN arm_quantiles q ON q.arm = u.arm
GROUP BY u.arm, q.quantile, q.quantile_lower, q.quantile_upper
ORDER BY u.arm`;
}


/** Validates the options and returns the query's parameters (named as in {@link guardrailStatisticsSql}). */
export function guardrailStatisticsParameters(options: GuardrailStatisticsOptions): Record<string, string | number> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {experiment, since?, until?, quantileLevel?}');
  assertNonEmptyString('options.experiment', options.experiment);
  const { since, until } = checkTimeWindow(options);
  const level = options.quantileLevel ?? 0.95;
  assertOpenUnitInterval('options.quantileLevel', level);
  return { experiment: options.experiment, since, until, level, z: normalQuantile(0.975) };
}

const COLUMNS: Record<Exclude<keyof ArmGuardrailStatistics, 'arm' | 'quantileLevel'>, string> = {
  units: 'units', requests: 'requests', requestsSquares: 'requests_squares', maxUnitRequests: 'max_unit_requests',
  errors: 'errors', errorsSquares: 'errors_squares', errorsRequests: 'errors_requests',
  latency: 'latency', latencySquares: 'latency_squares', latencyRequests: 'latency_requests',
  quantile: 'quantile', quantileLower: 'quantile_lower', quantileUpper: 'quantile_upper',
  below: 'below', belowSquares: 'below_squares', belowRequests: 'below_requests',
};

/** Maps result rows (snake_case columns, numbers or numeric strings) to {@link ArmGuardrailStatistics}. */
export function toArmGuardrailStatistics(rows: Record<string, unknown>[], quantileLevel: number): ArmGuardrailStatistics[] {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected the result rows of guardrailStatisticsSql');
  assertOpenUnitInterval('quantileLevel', quantileLevel);
  return rows.map((row, i) => {
    if (typeof row !== 'object' || row === null) throw new InvalidArgumentError(`rows[${i}]`, row, 'expected a result row (object)');
    const statistics = { arm: String(row.arm), quantileLevel } as ArmGuardrailStatistics;
    for (const [field, column] of Object.entries(COLUMNS)) {
      const value = Number(row[column]);
      if (!Number.isFinite(value)) throw new InvalidArgumentError(`rows[${i}].${column}`, row[column], 'expected a finite number');
      (statistics as unknown as Record<string, number>)[field] = value;
    }
    return statistics;
  });
}

/**
 * The same statistics computed in memory from prediction events (the reference the SQL is tested
 * against, and a store for simulations that need no database): windowed, input errors excluded,
 * arms sorted by name. Memory is O(events) here, unlike the SQL.
 * @throws {InvalidArgumentError} on bad options.
 * @example
 * const e = { experiment: 'x', unitId: 'u1', arm: 'a', modelVersion: 'v', segment: null, prediction: 1, score: 1, latencyMs: 20, timestamp: 0, error: null };
 * guardrailStatisticsFromEvents([e, { ...e, unitId: 'u2', latencyMs: 30 }], { experiment: 'x' })[0].latency // 50
 */
export function guardrailStatisticsFromEvents(events: Iterable<PredictionEvent>, options: GuardrailStatisticsOptions): ArmGuardrailStatistics[] {
  const { experiment, since, until, level } = guardrailStatisticsParameters(options) as { experiment: string; since: number; until: number; level: number };
  const byArm = new Map<string, Map<string, { latencies: number[]; errors: number }>>();
  for (const event of events) {
    if (event.experiment !== experiment || event.arm === null || event.timestamp < since || event.timestamp >= until) continue;
    if (event.errorKind === 'input') continue;
    const units = byArm.get(event.arm) ?? byArm.set(event.arm, new Map()).get(event.arm)!;
    const unit = units.get(event.unitId) ?? units.set(event.unitId, { latencies: [], errors: 0 }).get(event.unitId)!;
    unit.latencies.push(event.latencyMs);
    if (event.error !== null) unit.errors++;
  }
  return [...byArm.keys()].sort().map((arm) => {
    const units = [...byArm.get(arm)!.values()];
    return armStatisticsOfUnits(arm, units, level);
  });
}

/** Sums of one arm's per-unit totals; the quantile part is {@link summarizeQuantile}'s. */
export function armStatisticsOfUnits(arm: string, units: readonly { latencies: ArrayLike<number>; errors: number }[], quantileLevel: number): ArmGuardrailStatistics {
  if (typeof arm !== 'string') throw new InvalidArgumentError('arm', arm, 'expected an arm name');
  assertArrayLike('units', units);
  units.forEach((unit, i) => {
    if (typeof unit !== 'object' || unit === null) throw new InvalidArgumentError(`units[${i}]`, unit, 'expected { latencies, errors }');
    toFiniteArray(`units[${i}].latencies`, unit.latencies, 0);
    assertInteger(`units[${i}].errors`, unit.errors);
  });
  const quantile = summarizeQuantile(units.map((u) => u.latencies), quantileLevel);
  const sums = { requests: 0, requestsSquares: 0, maxUnitRequests: 0, errors: 0, errorsSquares: 0, errorsRequests: 0, latency: 0, latencySquares: 0, latencyRequests: 0 };
  for (const { latencies, errors } of units) {
    const m = latencies.length;
    let l = 0;
    for (let j = 0; j < m; j++) l += latencies[j];
    sums.requests += m;
    sums.requestsSquares += m * m;
    sums.maxUnitRequests = Math.max(sums.maxUnitRequests, m);
    sums.errors += errors;
    sums.errorsSquares += errors * errors;
    sums.errorsRequests += errors * m;
    sums.latency += l;
    sums.latencySquares += l * l;
    sums.latencyRequests += l * m;
  }
  const c = quantile.clusters;
  return {
    arm, units: units.length, ...sums, quantileLevel,
    quantile: quantile.estimate, quantileLower: quantile.lower, quantileUpper: quantile.upper,
    below: c.sumBelow, belowSquares: c.sumBelowSquares, belowRequests: c.sumBelowEvents,
  };
}

/** Throws unless `statistics` is an object (a row of guardrailStatistics). */
function checkArmStatistics(statistics: ArmGuardrailStatistics): ArmGuardrailStatistics {
  if (typeof statistics !== 'object' || statistics === null) throw new InvalidArgumentError('statistics', statistics, 'expected a row of store.guardrailStatistics()');
  return statistics;
}

/** Per-unit (errors, requests) statistics of an arm: the error rate Σe/Σm as a ratio metric. */
export function errorRateStats(statistics: ArmGuardrailStatistics): CovarianceStats {
  const s = checkArmStatistics(statistics);
  return CovarianceStats.fromSums({ n: s.units, sumY: s.errors, sumY2: s.errorsSquares, sumX: s.requests, sumX2: s.requestsSquares, sumXY: s.errorsRequests }, `statistics[${s.arm}]`);
}

/** Per-unit (latency, requests) statistics of an arm: the mean latency Σl/Σm as a ratio metric. */
export function meanLatencyStats(statistics: ArmGuardrailStatistics): CovarianceStats {
  const s = checkArmStatistics(statistics);
  return CovarianceStats.fromSums({ n: s.units, sumY: s.latency, sumY2: s.latencySquares, sumX: s.requests, sumX2: s.requestsSquares, sumXY: s.latencyRequests }, `statistics[${s.arm}]`);
}

/** The arm's latency quantile with its per-unit sums, for {@link quantileClustered}. */
export function latencyQuantileSummary(statistics: ArmGuardrailStatistics): QuantileSummary {
  const s = checkArmStatistics(statistics);
  return {
    level: s.quantileLevel, n: s.requests, estimate: s.quantile, lower: s.quantileLower, upper: s.quantileUpper,
    clusters: { units: s.units, sumBelow: s.below, sumBelowSquares: s.belowSquares, sumEvents: s.requests, sumEventsSquares: s.requestsSquares, sumBelowEvents: s.belowRequests },
  };
}

/**
 * An arm's guardrail metrics as unit-level summaries {n, mean, variance} for the tests and lifts
 * that take a SampleSummary (analyzeMetrics, relativeLift, nonInferiorityTest): n = units; mean =
 * the error rate Σe/Σm, the mean latency Σl/Σm (ratio metrics over units) or the latency quantile;
 * variance = n × the estimate's variance — the delta-method variance of the ratio (ratioEstimate)
 * or the unit-clustered variance of the quantile (quantileClustered) — so that variance/n is its
 * squared standard error, as for the mean of the linearised per-unit values. Unlike request-level
 * counts, a unit with many requests weighs as one randomised unit.
 * Reference: Deng, Knoblich & Lu (2018), "Applying the delta method in metric analytics", KDD.
 * @throws {InvalidArgumentError} when `statistics` is not a row of guardrailStatistics.
 * @throws {InsufficientDataError} with fewer than 2 units or no requests (or a quantile whose bounds coincide).
 * @example
 * const e = { experiment: 'x', unitId: 'u1', arm: 'a', modelVersion: 'v', segment: null, prediction: 1, score: 1, latencyMs: 20, timestamp: 0, error: null };
 * const events = Array.from({ length: 90 }, (_, i) => ({ ...e, unitId: `u${i % 3}`, latencyMs: 10 + i, error: i % 7 === 0 ? 'timeout' : null }));
 * const s = guardrailMetricSummaries(guardrailStatisticsFromEvents(events, { experiment: 'x' })[0]);
 * s.errorRate // { n: 3, mean: 0.14444444444444443, variance: 0.0003703703703703691 }
 * [s.meanLatency.mean, s.latencyQuantile.mean] // [54.5, 94.55]
 */
export function guardrailMetricSummaries(statistics: ArmGuardrailStatistics): { errorRate: SampleSummary; meanLatency: SampleSummary; latencyQuantile: SampleSummary } {
  const s = checkArmStatistics(statistics);
  const summary = (estimate: { ratio?: number; estimate?: number; variance: number }): SampleSummary =>
    ({ n: s.units, mean: estimate.ratio ?? estimate.estimate!, variance: s.units * estimate.variance });
  return {
    errorRate: summary(ratioEstimate(`statistics[${s.arm}]`, errorRateStats(s))),
    meanLatency: summary(ratioEstimate(`statistics[${s.arm}]`, meanLatencyStats(s))),
    latencyQuantile: summary(quantileClustered(latencyQuantileSummary(s))),
  };
}
