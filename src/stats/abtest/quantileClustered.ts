/**
 * Quantile metrics (p50, p95 latency...) of events that are clustered in randomisation units:
 * the sample quantile of all events of an arm, with a variance that accounts for events of one
 * unit being alike (GrowthBook's QuantileClusteredStatistic).
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertOpenUnitInterval, checkAlternative, checkConfidenceLevel, type Alternative } from '../../core/validate.js';
import { normalQuantile } from '../core/distributions.js';
import type { TestResult } from '../core/htest.js';
import { linearQuantile } from '../core/quantile.js';
import { CovarianceStats } from './covarianceStats.js';
import { zTestResult } from './normalTest.js';
import { ratioEstimate } from './ratioMetricTest.js';

/** z_{0.975}: GrowthBook takes the quantile's bounds at 95% and divides their width by 2·z_{0.975}. */
const Z975 = normalQuantile(0.975);

/**
 * Per-unit sums of one arm for the clustered variance, with Sᵢ = events of unit i at or below the
 * arm's quantile estimate and Nᵢ = events of unit i (GrowthBook's main_sum, main_sum_squares,
 * denominator_sum, denominator_sum_squares, main_denominator_sum_product, n_clusters).
 */
export interface QuantileClusterSums {
  /** Units (clusters) K. */
  units: number;
  /** ΣSᵢ and ΣSᵢ². */
  sumBelow: number;
  sumBelowSquares: number;
  /** ΣNᵢ (= the number of events) and ΣNᵢ². */
  sumEvents: number;
  sumEventsSquares: number;
  /** ΣSᵢNᵢ. */
  sumBelowEvents: number;
}

/** What the estimator needs of one arm: three sample quantiles and, for clustered data, the per-unit sums. */
export interface QuantileSummary {
  /** Quantile level ν in (0, 1), e.g. 0.95. */
  level: number;
  /** Number of events n. */
  n: number;
  /** Sample size n* the bounds were taken for (GrowthBook reads them off a grid); default n. */
  nStar?: number;
  /** Sample quantile at level ν. */
  estimate: number;
  /** Sample quantiles at the levels of {@link quantileBoundLevels}(ν, n*). */
  lower: number;
  upper: number;
  /** Omit for independent events (one event per unit). */
  clusters?: QuantileClusterSums;
}

/** A quantile estimate with its variance. */
export interface QuantileEstimate {
  estimate: number;
  /** Variance of the estimate (squared standard error). */
  variance: number;
  standardError: number;
  /** Clustered over independent-event variance of the fraction of events below the quantile (1 without clusters). */
  designEffect: number;
  n: number;
}

/**
 * Levels ν ∓ z_{0.975}·√(ν(1 − ν)/n*) (clamped to [1e-8, 1 − 1e-8]) whose sample quantiles bound a
 * 95% distribution-free interval for the ν-quantile (the binomial interval for the order
 * statistics' ranks); their distance estimates the quantile's standard error without a density.
 * @throws {InvalidArgumentError} when level is not in (0, 1) or nStar is not a positive integer.
 * @example quantileBoundLevels(0.5, 100) // { lower: 0.4020018007729972, upper: 0.5979981992270028 }
 */
export function quantileBoundLevels(level: number, nStar: number): { lower: number; upper: number } {
  assertOpenUnitInterval('level', level);
  assertInteger('nStar', nStar, 1);
  const half = Z975 * Math.sqrt((level * (1 - level)) / nStar);
  return { lower: Math.max(level - half, 1e-8), upper: Math.min(level + half, 1 - 1e-8) };
}

/**
 * Variance of a sample quantile q̂ at level ν of n events, optionally clustered in K units.
 * Independent events: the 95% order-statistic interval [q_lo, q_hi] of {@link quantileBoundLevels}
 * has width ≈ 2·z_{0.975}·SE, so per event v = (n* ÷ n)·(n − 1)·((q_hi − q_lo)/(2·z_{0.975}))² and
 * Var(q̂) = v/n. Clustered events: the fraction of events at or below q̂ is the ratio ΣSᵢ/ΣNᵢ
 * over units, whose delta-method variance (as in {@link ratioMetricTest}) replaces the binomial
 * ν(1 − ν)/n; v is multiplied by that design effect. Without the clustering correction, a few
 * units with many slow requests make the interval far too narrow.
 * Matches gbstats' QuantileStatistic / QuantileClusteredStatistic `variance` / n, except that
 * degenerate cases throw instead of returning 0 or a floor of 1e-5.
 * Reference: GrowthBook, packages/stats/gbstats/models/statistics.py and "Quantile Testing"
 * (docs.growthbook.io/statistics/quantile); Deng, Knoblich & Lu (2018), KDD, for the delta method.
 * @throws {InvalidArgumentError} on a bad level, counts, non-finite quantiles or upper < lower.
 * @throws {InsufficientDataError} when n is too small for the bounds to lie inside (0, 1)
 *   (n ≤ z²·ν/(1 − ν) or n ≤ z²·(1 − ν)/ν), the bounds coincide, or there are fewer than 2 units.
 * @example
 * const q = quantileClustered({ level: 0.9, n: 11054, estimate: 7.158, lower: 7.0988, upper: 7.2172 });
 * q.standardError.toFixed(5) // '0.03020'
 */
export function quantileClustered(summary: QuantileSummary, name = 'summary'): QuantileEstimate {
  if (typeof summary !== 'object' || summary === null) throw new InvalidArgumentError(name, summary, 'expected {level, n, estimate, lower, upper}');
  const { level, n, estimate, lower, upper, clusters } = summary;
  assertOpenUnitInterval(`${name}.level`, level);
  assertInteger(`${name}.n`, n, 1);
  const nStar = summary.nStar ?? n;
  assertInteger(`${name}.nStar`, nStar, 1);
  assertFiniteNumber(`${name}.estimate`, estimate);
  assertFiniteNumber(`${name}.lower`, lower);
  assertFiniteNumber(`${name}.upper`, upper);
  if (upper < lower) throw new InvalidArgumentError(`${name}.upper`, upper, `expected >= ${name}.lower (${lower})`);
  if (n <= (Z975 ** 2 * level) / (1 - level) || n <= (Z975 ** 2 * (1 - level)) / level) {
    throw new InsufficientDataError(`${name}.n`, n, `too few events for a ${level} quantile interval`);
  }
  if (upper === lower) throw new InsufficientDataError(`${name}.upper`, upper, 'the quantile bounds coincide (ties at the quantile): no variance estimate');
  let designEffect = 1;
  if (clusters !== undefined) {
    const ratio = ratioEstimate(`${name}.clusters`, CovarianceStats.fromSums({
      n: clusters?.units, sumY: clusters.sumBelow, sumY2: clusters.sumBelowSquares,
      sumX: clusters.sumEvents, sumX2: clusters.sumEventsSquares, sumXY: clusters.sumBelowEvents,
    }, `${name}.clusters`));
    designEffect = ratio.variance / ((level * (1 - level)) / n);
  }
  const perEvent = (nStar / n) * (n - 1) * ((upper - lower) / (2 * Z975)) ** 2 * designEffect;
  const variance = perEvent / n;
  return { estimate, variance, standardError: Math.sqrt(variance), designEffect, n };
}

/**
 * Summarises one arm's events, grouped by unit, for {@link quantileClustered}: type-7 sample
 * quantiles at ν and at the {@link quantileBoundLevels}(ν, n) levels, and the per-unit sums with
 * Sᵢ = #{events of unit i ≤ q̂}. The in-memory twin of the store's guardrail SQL, for data that
 * fits in memory.
 * @throws {InvalidArgumentError} when level is not in (0, 1), a unit's values are not finite, or
 *   there are no events.
 * @example
 * const s = summarizeQuantile([[10, 12], [30], [11, 13, 50]], 0.5);
 * [s.estimate, s.clusters.sumBelow] // [12.5, 3]
 */
export function summarizeQuantile(units: readonly ArrayLike<number>[], level: number): QuantileSummary & { clusters: QuantileClusterSums } {
  assertOpenUnitInterval('level', level);
  if (!Array.isArray(units)) throw new InvalidArgumentError('units', units, 'expected an array of per-unit value arrays');
  let total = 0;
  for (const values of units) total += values?.length ?? 0;
  if (total === 0) throw new InvalidArgumentError('units', units, 'expected at least one event');
  const sorted = new Float64Array(total);
  let at = 0;
  units.forEach((values, i) => {
    for (let j = 0; j < values.length; j++) {
      if (!Number.isFinite(values[j])) assertFiniteNumber(`units[${i}][${j}]`, values[j]);
      sorted[at++] = values[j];
    }
  });
  sorted.sort();
  const bounds = quantileBoundLevels(level, sorted.length);
  const estimate = linearQuantile(sorted, level);
  const clusters: QuantileClusterSums = { units: units.length, sumBelow: 0, sumBelowSquares: 0, sumEvents: 0, sumEventsSquares: 0, sumBelowEvents: 0 };
  for (const values of units) {
    let below = 0;
    for (let j = 0; j < values.length; j++) if (values[j] <= estimate) below++;
    clusters.sumBelow += below;
    clusters.sumBelowSquares += below * below;
    clusters.sumEvents += values.length;
    clusters.sumEventsSquares += values.length ** 2;
    clusters.sumBelowEvents += below * values.length;
  }
  return {
    level, n: sorted.length, estimate,
    lower: linearQuantile(sorted, bounds.lower), upper: linearQuantile(sorted, bounds.upper), clusters,
  };
}

/**
 * Large-sample z test of the difference of two quantiles q̂_B − q̂_A with
 * se² = Var(q̂_A) + Var(q̂_B) from {@link quantileClustered} (gbstats' frequentist quantile test,
 * but with the normal rather than a t critical value).
 * @throws {InvalidArgumentError} on bad summaries or options, or summaries at different levels.
 * @throws {InsufficientDataError} as {@link quantileClustered}.
 * @example
 * const r = quantileTest(
 *   { level: 0.9, n: 11054, estimate: 7.157987489967789, lower: 7.098780136176828, upper: 7.217194843758751 },
 *   { level: 0.9, n: 10861, estimate: 7.694499927525767, lower: 7.64180598628119, upper: 7.747193868770344 });
 * [r.estimate.toFixed(5), r.ci.lower.toFixed(5), r.ci.upper.toFixed(5)] // ['0.53651', '0.45726', '0.61577']
 */
export function quantileTest(a: QuantileSummary, b: QuantileSummary, options: { alternative?: Alternative; confidenceLevel?: number } = {}): TestResult {
  const alternative = checkAlternative(options?.alternative);
  const confidenceLevel = checkConfidenceLevel(options?.confidenceLevel);
  const qa = quantileClustered(a, 'a');
  const qb = quantileClustered(b, 'b');
  if (a.level !== b.level) throw new InvalidArgumentError('b.level', b.level, `expected the level of a (${a.level})`);
  return zTestResult({
    method: `z test for the difference of ${a.level} quantiles${a.clusters || b.clusters ? ' (unit-clustered variance)' : ''}`,
    estimate: qb.estimate - qa.estimate,
    estimateName: 'difference in quantiles (B - A)',
    standardError: Math.sqrt(qa.variance + qb.variance),
    nullValue: 0,
    alternative,
    confidenceLevel,
    details: { quantileA: qa.estimate, quantileB: qb.estimate, designEffectA: qa.designEffect, designEffectB: qb.designEffect },
  });
}
