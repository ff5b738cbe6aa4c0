/**
 * The statistics an adaptively allocated experiment is analysed from: per allocation period and
 * arm, the sums of a metric over the units first assigned then, with their assignment probability.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { PeriodArmStatistics } from '../../stats/bandits/periodArmStatistics.js';
import { toArmStatistic } from './armStatisticsConversions.js';
import { buildSufficientStatisticsSql, orderByArms, sufficientStatisticsParameters, type SqlTarget } from './sufficientStatistics.js';
import type { BoundParameters } from './sqlDialect.js';

/** What to aggregate: the experiment, its metric and (optionally) the arm order. */
export interface BanditStatisticsOptions {
  experiment: string;
  /** Outcome metric: per unit, the sum of its values recorded at or after the unit's first exposure. */
  metric: string;
  /** Order of the arms within a period (e.g. `splitter.arms`). */
  arms?: readonly string[];
}

/**
 * The bandit-statistics query for an engine: the sufficient-statistics query (first exposure per
 * unit, per-unit metric sums) grouped by the first exposure's `allocation_period` and
 * `assignment_probability` as well as arm. Feed the rows to {@link toPeriodArmStatistics}.
 * @throws {InvalidArgumentError} on bad options or an unknown dialect.
 * @example banditStatisticsQuery({ experiment: 'e', metric: 'conversion', dialect: 'postgres' }).parameters // ['e', 'conversion', null]
 */
export function banditStatisticsQuery(options: BanditStatisticsOptions & SqlTarget): { sql: string; parameters: BoundParameters } {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {experiment, metric, ...}');
  const values = sufficientStatisticsParameters(options);
  const statement = buildSufficientStatisticsSql(options.dialect ?? 'duckdb', false, options.tables, undefined, true);
  return { sql: statement.sql, parameters: statement.bind(values) };
}

/**
 * Rows of {@link banditStatisticsQuery} as {@link PeriodArmStatistics}, ordered by period, then arm
 * (in `arms` order when given). Every exposed unit must carry its assignment probability: an
 * inverse-propensity analysis that silently dropped units from a fixed split would be biased.
 * @throws {InsufficientDataError} when some units were exposed without an assignment probability.
 * @throws {InvalidArgumentError} naming the row and field of a bad value.
 * @example toPeriodArmStatistics([{ allocation_period: 0n, assignment_probability: 0.5, arm: 'a', segment: null, n: 2, sum: 1, sum_squares: 1, successes: 1 }])[0].period // 0
 */
export function toPeriodArmStatistics(rows: readonly Record<string, unknown>[], arms?: readonly string[]): PeriodArmStatistics[] {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected an array of result rows');
  const withoutProbability = rows.filter((row) => row.assignment_probability === null).reduce((s, row) => s + Number(row.n), 0);
  if (withoutProbability > 0) {
    throw new InsufficientDataError('rows', withoutProbability,
      `${withoutProbability} exposed units have no assignment probability (served by a fixed split, not an adaptive allocation)`);
  }
  const cells = rows.map((row, i) => {
    const { arm, n, sum, sumSquares } = toArmStatistic(row, false, `rows[${i}]`);
    return { period: Number(row.allocation_period), arm, probability: Number(row.assignment_probability), n, sum, sumSquares };
  });
  const periods = [...new Set(cells.map((c) => c.period))].sort((a, b) => a - b);
  return periods.flatMap((period) => orderByArms(cells.filter((c) => c.period === period), arms));
}
