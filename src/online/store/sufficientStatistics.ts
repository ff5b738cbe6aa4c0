/**
 * Per-arm (and per-segment) sufficient statistics of a metric, computed in SQL next to the data:
 * the GrowthBook-style aggregates from which means, variances, proportions and CUPED adjustments
 * follow without reading unit-level rows into memory.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertNonEmptyString } from './events.js';

/** What to aggregate. */
export interface SufficientStatisticsOptions {
  experiment: string;
  /** Outcome metric (y): per unit, the sum of its values recorded at or after the unit's first exposure. */
  metric: string;
  /**
   * Optional CUPED covariate (x): per unit, the sum of this metric's values recorded strictly
   * before first exposure, so it cannot be moved by the treatment. May equal `metric`.
   */
  covariate?: string;
  /** Group by segment (as recorded at first exposure) as well as arm. Default false. */
  bySegment?: boolean;
  /**
   * Order of the returned arms, control first (e.g. `splitter.arms`). Without it rows come sorted
   * by arm name, so `[control, treatment] = rows` is only safe when the names sort that way.
   */
  arms?: readonly string[];
}

/** Orders rows by the position of their arm in `arms` (stable: segments keep their order); unknown arms last. */
export function orderByArms<T extends { arm: string }>(rows: T[], arms: readonly string[] | undefined): T[] {
  if (!arms) return rows;
  const rank = (arm: string) => (arms.includes(arm) ? arms.indexOf(arm) : arms.length);
  return rows.map((row, i) => ({ row, i })).sort((a, b) => rank(a.row.arm) - rank(b.row.arm) || a.i - b.i).map(({ row }) => row);
}

/**
 * Sufficient statistics of one arm (and segment). Units without any outcome count with y = 0.
 * Field ↔ GrowthBook: n = count, sum = main_sum, sumSquares = main_sum_squares,
 * sumX = covariate_sum, sumXSquares = covariate_sum_squares, sumXY = main_covariate_sum_product.
 */
export interface ArmStatistics {
  arm: string;
  /** `null` unless grouped by segment (or the unit had no segment). */
  segment: string | null;
  /** Number of exposed units. */
  n: number;
  sum: number;
  sumSquares: number;
  /** Units whose metric total is > 0 (the conversions of a 0/1 metric). */
  successes: number;
  sumX?: number;
  sumXSquares?: number;
  sumXY?: number;
}

/**
 * The analysis query, written in portable SQL (window function, CASE, COALESCE; no
 * engine-specific aggregates) with DuckDB named parameters `$experiment`, `$metric` and
 * `$covariate`. src/online/README.md shows the same query for Postgres, ClickHouse and BigQuery.
 */
export function sufficientStatisticsSql(bySegment: boolean): string {
  const groups = bySegment ? 'arm, segment' : 'arm';
  return `
WITH first_exposure AS (
  SELECT unit_id, arm, segment, ts AS exposed_at
  FROM (
    SELECT unit_id, arm, segment, ts,
           ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY ts, arm) AS exposure_rank
    FROM predictions
    WHERE experiment = $experiment AND arm IS NOT NULL
  ) ranked
  WHERE exposure_rank = 1
),
unit_values AS (
  SELECT e.arm, e.segment,
         COALESCE(SUM(CASE WHEN o.metric = $metric AND o.ts >= e.exposed_at THEN o.value END), 0) AS y,
         COALESCE(SUM(CASE WHEN o.metric = $covariate AND o.ts < e.exposed_at THEN o.value END), 0) AS x
  FROM first_exposure e
  LEFT JOIN outcomes o ON o.experiment = $experiment AND o.unit_id = e.unit_id
  GROUP BY e.unit_id, e.arm, e.segment
)
SELECT arm, ${bySegment ? 'segment' : 'CAST(NULL AS VARCHAR) AS segment'},
       CAST(COUNT(*) AS DOUBLE) AS n,
       CAST(SUM(y) AS DOUBLE) AS sum,
       CAST(SUM(y * y) AS DOUBLE) AS sum_squares,
       CAST(SUM(CASE WHEN y > 0 THEN 1 ELSE 0 END) AS DOUBLE) AS successes,
       CAST(SUM(x) AS DOUBLE) AS sum_x,
       CAST(SUM(x * x) AS DOUBLE) AS sum_x_squares,
       CAST(SUM(x * y) AS DOUBLE) AS sum_xy
FROM unit_values
GROUP BY ${groups}
ORDER BY ${groups}`;
}

/** Validates the options and returns the query's parameters. */
export function sufficientStatisticsParameters(options: SufficientStatisticsOptions): Record<string, string | null> {
  assertNonEmptyString('options.experiment', options.experiment);
  assertNonEmptyString('options.metric', options.metric);
  if (options.covariate !== undefined) assertNonEmptyString('options.covariate', options.covariate);
  if (options.arms !== undefined && !(Array.isArray(options.arms) && options.arms.every((a) => typeof a === 'string'))) {
    throw new InvalidArgumentError('options.arms', options.arms, 'expected an array of arm names, control first');
  }
  return { experiment: options.experiment, metric: options.metric, covariate: options.covariate ?? null };
}

/** Maps result rows (snake_case columns) to {@link ArmStatistics}; CUPED sums only when a covariate was asked for. */
export function toArmStatistics(rows: Record<string, unknown>[], withCovariate: boolean): ArmStatistics[] {
  return rows.map((row) => ({
    arm: row.arm as string,
    segment: (row.segment as string | null) ?? null,
    n: row.n as number,
    sum: row.sum as number,
    sumSquares: row.sum_squares as number,
    successes: row.successes as number,
    ...(withCovariate
      ? { sumX: row.sum_x as number, sumXSquares: row.sum_x_squares as number, sumXY: row.sum_xy as number }
      : {}),
  }));
}
