/**
 * Conversions from the SQL aggregates ({@link ArmStatistics}) to the mergeable statistics objects
 * that ablab's online tests take.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { CovarianceStats } from '../../stats/abtest/covarianceStats.js';
import { MeanStats } from '../../stats/abtest/meanStats.js';
import { ProportionStats } from '../../stats/abtest/proportionStats.js';
import type { ArmStatistics } from './sufficientStatistics.js';

/** Throws unless `row` is an object (a row of sufficientStatistics). */
function checkRow(row: unknown): void {
  if (typeof row !== 'object' || row === null) throw new InvalidArgumentError('row', row, 'expected a row of store.sufficientStatistics()');
}

/**
 * Mean statistics of a row's per-unit metric (MeanStats.fromSums).
 * @throws {InvalidArgumentError} on inconsistent sums.
 * @example rowToMeanStats({ arm: 'a', segment: null, n: 3, sum: 6, sumSquares: 14, successes: 3 }).variance // 1
 */
export function rowToMeanStats(row: ArmStatistics): MeanStats {
  checkRow(row);
  return MeanStats.fromSums(row.n, row.sum, row.sumSquares);
}

/**
 * Proportion statistics of a row: `successes` (units with a metric total > 0) out of `n`.
 * @throws {InvalidArgumentError} on inconsistent counts.
 * @example rowToProportionStats({ arm: 'a', segment: null, n: 10, sum: 4, sumSquares: 4, successes: 4 }).proportion // 0.4
 */
export function rowToProportionStats(row: ArmStatistics): ProportionStats {
  checkRow(row);
  return new ProportionStats(row.n, row.successes);
}

/**
 * (y, x) co-moment statistics of a row queried with a covariate, for CUPED: means Σy/n, Σx/n,
 * m2y = Σy² − (Σy)²/n, m2x = Σx² − (Σx)²/n, cxy = Σxy − ΣyΣx/n (squared sums clamped at 0
 * against rounding).
 * @throws {InvalidArgumentError} when the row has no covariate sums or no units.
 * @example rowToCovarianceStats({ arm: 'a', segment: null, n: 2, sum: 3, sumSquares: 5, successes: 2, sumX: 1, sumXSquares: 1, sumXY: 2 }).cxy // 0.5
 */
export function rowToCovarianceStats(row: ArmStatistics): CovarianceStats {
  checkRow(row);
  const { n, sum, sumSquares, sumX, sumXSquares, sumXY } = row;
  if (sumX === undefined || sumXSquares === undefined || sumXY === undefined) {
    throw new InvalidArgumentError('row', row, 'expected covariate sums (query sufficientStatistics with a covariate)');
  }
  if (!(n > 0)) throw new InvalidArgumentError('row.n', n, 'expected at least one unit');
  return new CovarianceStats({
    n,
    meanY: sum / n,
    meanX: sumX / n,
    m2y: Math.max(0, sumSquares - (sum * sum) / n),
    m2x: Math.max(0, sumXSquares - (sumX * sumX) / n),
    cxy: sumXY - (sum * sumX) / n,
  });
}
