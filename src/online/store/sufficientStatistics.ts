/**
 * Per-arm (and per-segment) sufficient statistics of a metric, computed in SQL next to the data:
 * the GrowthBook-style aggregates from which means, variances, proportions and CUPED adjustments
 * follow without reading unit-level rows into memory.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber } from '../../core/validate.js';
import { tableName, type EventTableNames } from './eventSchema.js';
import { assertNonEmptyString } from './events.js';
import { sqlDialect, sqlParameters, type BoundParameters, type SqlDialectName } from './sqlDialect.js';
import { timeBoundCondition } from './timeWindow.js';

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
  /**
   * Only exposures at or after this time (epoch ms): units whose first exposure in the window is
   * on or after it. Default: no bound (the SQL then has no time condition).
   */
  since?: number;
  /** Only exposures and outcomes before this time (epoch ms, exclusive). Default: no bound. */
  until?: number;
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

/** Where {@link sufficientStatisticsQuery} SQL will run: the engine and, optionally, the table names. */
export interface SqlTarget {
  /** Default `'duckdb'`. */
  dialect?: SqlDialectName;
  tables?: EventTableNames;
}

/**
 * The analysis query for an engine, with its parameters bound from `options`: first exposure per
 * unit (a `ROW_NUMBER()` window), per-unit sums of the metric after it and of the covariate
 * before it (`CASE`/`COALESCE` over a left join with the experiment's outcomes), then per-arm
 * sums. Only portable constructs, so the text differs between engines only in placeholders and
 * type names ({@link sqlDialect}). Feed the rows to {@link toArmStatistics}.
 * @throws {InvalidArgumentError} on bad options or an unknown dialect.
 * @example
 * const { sql, parameters } = sufficientStatisticsQuery({ dialect: 'postgres', experiment: 'e', metric: 'revenue' });
 * parameters // ['e', 'revenue', null]
 * // const { rows } = await pool.query(sql, parameters); toArmStatistics(rows)
 */
export function sufficientStatisticsQuery(options: SufficientStatisticsOptions & SqlTarget): { sql: string; parameters: BoundParameters } {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {experiment, metric, ...}');
  const values = sufficientStatisticsParameters(options);
  const statement = buildSufficientStatisticsSql(options.dialect ?? 'duckdb', options.bySegment ?? false, options.tables, { since: values.since !== undefined, until: values.until !== undefined });
  return { sql: statement.sql, parameters: statement.bind(values) };
}

/**
 * The analysis query's text for an engine (see {@link sufficientStatisticsQuery}), with
 * parameters experiment, metric and covariate (DuckDB `$experiment`, PostgreSQL `$1`…).
 * @example sufficientStatisticsSql(false, 'postgres').includes('DOUBLE PRECISION') // true
 */
export function sufficientStatisticsSql(bySegment = false, dialect: SqlDialectName = 'duckdb', tables: EventTableNames = {}): string {
  return buildSufficientStatisticsSql(dialect, bySegment, tables).sql;
}

/**
 * With `byPeriod`, rows are also grouped by the first exposure's allocation period and assignment
 * probability (adaptive allocation, see banditStatisticsQuery) and carry those two columns.
 */
export function buildSufficientStatisticsSql(dialectName: SqlDialectName, bySegment: boolean, tables: EventTableNames = {}, window = { since: false, until: false }, byPeriod = false) {
  const p = sqlParameters(sqlDialect(dialectName, 'options.dialect'));
  const { dialect } = p;
  const double = dialect.type('double');
  const experiment = p.ref('experiment', 'text');
  const metric = p.ref('metric', 'text');
  const covariate = p.ref('covariate', 'text', true);
  // Only a period query names the version-3 columns, so the others still run on older tables.
  const period = byPeriod ? ', allocation_period, assignment_probability' : '';
  const groups = [...(byPeriod ? ['allocation_period', 'assignment_probability'] : []), 'arm', ...(bySegment ? ['segment'] : [])].join(', ');
  // Time conditions only when asked for, so the unwindowed statement and its parameters stay as they were.
  const since = window.since ? ` AND ${timeBoundCondition(dialect, 'since', p.ref('since', 'double'))}` : '';
  const until = window.until ? ` AND ${timeBoundCondition(dialect, 'until', p.ref('until', 'double'))}` : '';
  const sql = `
WITH first_exposure AS (
  SELECT unit_id, arm, segment${period}, ts AS exposed_at
  FROM (
    SELECT unit_id, arm, segment${period}, ts,
           ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY ts, arm) AS exposure_rank
    FROM ${tableName(dialect, 'predictions', tables)}
    WHERE experiment = ${experiment} AND arm IS NOT NULL${since}${until}
  ) ranked
  WHERE exposure_rank = 1
),
unit_values AS (
  SELECT e.arm, e.segment${period.replaceAll(', ', ', e.')},
         COALESCE(SUM(CASE WHEN o.metric = ${metric} AND o.ts >= e.exposed_at THEN o.value END), 0) AS y,
         COALESCE(SUM(CASE WHEN o.metric = ${covariate} AND o.ts < e.exposed_at THEN o.value END), 0) AS x
  FROM first_exposure e
  LEFT JOIN (
    SELECT unit_id, metric, value, ts FROM ${tableName(dialect, 'outcomes', tables)} WHERE experiment = ${experiment}${until}
  ) o ON o.unit_id = e.unit_id
  GROUP BY e.unit_id, e.arm, e.segment${period.replaceAll(', ', ', e.')}
)
SELECT ${byPeriod ? 'allocation_period, assignment_probability, ' : ''}arm, ${bySegment ? 'segment' : `CAST(NULL AS ${dialect.type('text', true)}) AS segment`},
       CAST(COUNT(*) AS ${double}) AS n,
       CAST(SUM(y) AS ${double}) AS sum,
       CAST(SUM(y * y) AS ${double}) AS sum_squares,
       CAST(SUM(CASE WHEN y > 0 THEN 1 ELSE 0 END) AS ${double}) AS successes,
       CAST(SUM(x) AS ${double}) AS sum_x,
       CAST(SUM(x * x) AS ${double}) AS sum_x_squares,
       CAST(SUM(x * y) AS ${double}) AS sum_xy
FROM unit_values
GROUP BY ${groups}
ORDER BY ${groups}`;
  return { sql, bind: p.bind };
}

/** Validates the options and returns the query's parameter values by name. */
export function sufficientStatisticsParameters(options: SufficientStatisticsOptions): Record<string, string | number | null> & { since?: number; until?: number } {
  assertNonEmptyString('options.experiment', options.experiment);
  assertNonEmptyString('options.metric', options.metric);
  if (options.covariate !== undefined) assertNonEmptyString('options.covariate', options.covariate);
  if (options.arms !== undefined && !(Array.isArray(options.arms) && options.arms.every((a) => typeof a === 'string'))) {
    throw new InvalidArgumentError('options.arms', options.arms, 'expected an array of arm names, control first');
  }
  const window: { since?: number; until?: number } = {};
  for (const bound of ['since', 'until'] as const) {
    if (options[bound] === undefined) continue;
    assertFiniteNumber(`options.${bound}`, options[bound]);
    window[bound] = options[bound];
  }
  if (window.since !== undefined && window.until !== undefined && window.until < window.since) {
    throw new InvalidArgumentError('options.until', window.until, `expected >= options.since (${window.since})`);
  }
  return { experiment: options.experiment, metric: options.metric, covariate: options.covariate ?? null, ...window };
}
