/**
 * Conversions from the rows of the sufficient-statistics query, as any engine's client returns
 * them, to {@link ArmStatistics} and on to the mergeable statistics objects that ablab's online
 * tests take.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { CovarianceStats } from '../../stats/abtest/covarianceStats.js';
import { MeanStats } from '../../stats/abtest/meanStats.js';
import { ProportionStats } from '../../stats/abtest/proportionStats.js';
import type { ArmStatistics } from './sufficientStatistics.js';

/** A result row as a client returns it (snake_case, camelCase or Snowflake's UPPER_CASE columns), or an {@link ArmStatistics}. */
export type ArmStatisticsRow = ArmStatistics | Record<string, unknown>;

const COVARIATE_FIELDS = ['sumX', 'sumXSquares', 'sumXY'] as const;
const columnKey = (name: string) => name.replaceAll('_', '').toLowerCase();

/** A numeric column as a number: JS numbers, bigints (DuckDB BIGINT) and numeric strings (PostgreSQL NUMERIC/BIGINT) are accepted. */
function toNumber(name: string, value: unknown): number {
  const number = typeof value === 'bigint' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new InvalidArgumentError(name, value, 'expected a finite number');
  return number;
}

/**
 * One result row of the sufficient-statistics query as {@link ArmStatistics}. Column names match
 * whatever their case and underscores (`sum_squares`, `sumSquares`, `SUM_SQUARES`). The CUPED
 * sums are kept when `withCovariate` is true, or by default when the row has them.
 * @throws {InvalidArgumentError} naming the field (`row.sumSquares`) when a column is missing or not a finite number, or `arm` is not a string.
 * @example toArmStatistic({ arm: 'a', segment: null, n: 3, sum: 6, sum_squares: 14, successes: 3 }, false).sumSquares // 14
 */
export function toArmStatistic(row: ArmStatisticsRow, withCovariate?: boolean, name = 'row'): ArmStatistics {
  if (typeof row !== 'object' || row === null) throw new InvalidArgumentError(name, row, 'expected a result row (object)');
  const columns = new Map(Object.entries(row).map(([key, value]) => [columnKey(key), value]));
  const arm = columns.get('arm');
  if (typeof arm !== 'string') throw new InvalidArgumentError(`${name}.arm`, arm, 'expected the arm name (string)');
  const segment = columns.get('segment') ?? null;
  if (segment !== null && typeof segment !== 'string') throw new InvalidArgumentError(`${name}.segment`, segment, 'expected a string or null');
  const field = (key: string) => toNumber(`${name}.${key}`, columns.get(columnKey(key)));
  const statistics: ArmStatistics = { arm, segment, n: field('n'), sum: field('sum'), sumSquares: field('sumSquares'), successes: field('successes') };
  const covariate = withCovariate ?? COVARIATE_FIELDS.every((key) => columns.get(columnKey(key)) != null);
  if (covariate) for (const key of COVARIATE_FIELDS) statistics[key] = field(key);
  return statistics;
}

/**
 * Result rows of the sufficient-statistics query (from any engine, see {@link toArmStatistic})
 * as {@link ArmStatistics}, in order.
 * @throws {InvalidArgumentError} naming the row and field (`rows[2].n`) of a bad value.
 * @example toArmStatistics([{ ARM: 'a', SEGMENT: null, N: 2, SUM: 1, SUM_SQUARES: 1, SUCCESSES: 1 }], false)[0].n // 2
 */
export function toArmStatistics(rows: readonly ArmStatisticsRow[], withCovariate?: boolean): ArmStatistics[] {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected an array of result rows');
  return rows.map((row, i) => toArmStatistic(row, withCovariate, `rows[${i}]`));
}

/**
 * Mean statistics of a row's per-unit metric (MeanStats.fromSums); the row may come straight from a client (see {@link toArmStatistic}).
 * @throws {InvalidArgumentError} on a missing column or inconsistent sums.
 * @example rowToMeanStats({ arm: 'a', segment: null, n: 3, sum: 6, sumSquares: 14, successes: 3 }).variance // 1
 */
export function rowToMeanStats(row: ArmStatisticsRow): MeanStats {
  const { n, sum, sumSquares } = toArmStatistic(row, false);
  return MeanStats.fromSums(n, sum, sumSquares);
}

/**
 * Proportion statistics of a row: `successes` (units with a metric total > 0) out of `n`.
 * @throws {InvalidArgumentError} on inconsistent counts.
 * @example rowToProportionStats({ arm: 'a', segment: null, n: 10, sum: 4, sumSquares: 4, successes: 4 }).proportion // 0.4
 */
export function rowToProportionStats(row: ArmStatisticsRow): ProportionStats {
  const { n, successes } = toArmStatistic(row, false);
  return new ProportionStats(n, successes);
}

/**
 * (y, x) co-moment statistics of a row queried with a covariate, for CUPED: means Σy/n, Σx/n,
 * m2y = Σy² − (Σy)²/n, m2x = Σx² − (Σx)²/n, cxy = Σxy − ΣyΣx/n (squared sums clamped at 0
 * against rounding).
 * @throws {InvalidArgumentError} when the row has no covariate sums or no units.
 * @example rowToCovarianceStats({ arm: 'a', segment: null, n: 2, sum: 3, sumSquares: 5, successes: 2, sumX: 1, sumXSquares: 1, sumXY: 2 }).cxy // 0.5
 */
export function rowToCovarianceStats(row: ArmStatisticsRow): CovarianceStats {
  const statistics = toArmStatistic(row);
  const { n, sum, sumSquares, sumX, sumXSquares, sumXY } = statistics;
  if (sumX === undefined || sumXSquares === undefined || sumXY === undefined) {
    throw new InvalidArgumentError('row', row, 'expected covariate sums (query sufficientStatistics with a covariate)');
  }
  if (!(n > 0)) throw new InvalidArgumentError('row.n', n, 'expected at least one unit');
  return CovarianceStats.fromSums({ n, sumY: sum, sumY2: sumSquares, sumX, sumX2: sumXSquares, sumXY }, 'row');
}
