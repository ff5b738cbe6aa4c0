/**
 * Always-valid test that two arms' score distributions differ, from unit-level binned sums: a
 * multivariate normal mixture on the vector of bin-proportion differences with a clustered
 * covariance, reported with PSI and Jensen–Shannon distance as effect sizes.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertOpenUnitInterval, assertPositive, checkOptions } from '../../core/validate.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import { inverseQuadraticForm, multivariateNormalMixturePower, multivariateNormalMixtureTest } from '../sequential/multivariateNormalMixture.js';
import { binProportionCovariance, checkBinnedScoreStatistics, type BinnedScoreStatistics } from './binnedScoreStatistics.js';
import { jensenShannonDistance } from './jensenShannonDistance.js';
import { populationStabilityIndex } from './populationStabilityIndex.js';

/** Options of {@link sequentialBinnedDrift}. */
export interface SequentialBinnedDriftOptions {
  /** Chance of ever declaring drift between identical distributions, over all looks. Default 0.05. */
  alpha?: number;
  /**
   * τ: standardized per-unit shift of a bin proportion the mixture is tuned to (prior on the
   * differences N(0, τ²·Σᵤ), Σᵤ their per-unit clustered covariance). Default 0.1.
   */
  mixingSd?: number;
}

/** Details of {@link sequentialBinnedDrift}. */
export type SequentialBinnedDriftDetails = {
  /** PSI and natural-log Jensen–Shannon distance of the two arms' pooled bin counts (effect sizes, not tests). */
  psi: number;
  jensenShannon: number;
  unitsControl: number;
  unitsTreatment: number;
  /** Bins with at least one score in either arm (the test has one dimension fewer). */
  bins: number;
  logLikelihoodRatio: number;
  /** Wald statistic at which drift is declared at alpha. */
  threshold: number;
  drifted: boolean;
};

/** Validated alpha and τ, each arm's proportions, and the occupied bins (`kept`: all but the last, the test's dimensions). */
function checkArms(control: BinnedScoreStatistics, treatment: BinnedScoreStatistics, options: SequentialBinnedDriftOptions, prefix: string) {
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const mixingSd = options.mixingSd ?? 0.1;
  assertPositive('options.mixingSd', mixingSd);
  // Both arms' fields first, so a bad field is named before either arm's covariance is computed.
  checkBinnedScoreStatistics(`${prefix}control`, control);
  checkBinnedScoreStatistics(`${prefix}treatment`, treatment, control.counts.length);
  const c = binProportionCovariance(`${prefix}control`, control);
  const t = binProportionCovariance(`${prefix}treatment`, treatment);
  const occupied = control.counts.map((_, k) => k).filter((k) => control.counts[k] + treatment.counts[k] > 0);
  return { alpha, mixingSd, c, t, occupied, kept: occupied.slice(0, -1) };
}

/**
 * Always-valid two-sample test of equal binned score distributions with units as the clusters.
 * Each arm's bin proportions p̂ₖ = Σᵢcᵢₖ/Σᵢmᵢ are ratio metrics over units (delta method, as
 * {@link binProportionCovariance}); the difference θ̂ = p̂ᵗʳᵉᵃᵗᵐᵉⁿᵗ − p̂ᶜᵒⁿᵗʳᵒˡ over the K occupied
 * bins, less the last (proportions sum to 1), gets its covariance under the null of one
 * distribution, as a score test does: V = Ω·(n_c/M_c² + n_t/M_t²), Ω = Σᵢrᵢrᵢᵀ/(n_c + n_t − 2)
 * over the units of both arms, rᵢ = cᵢ − p̄mᵢ with the pooled proportions p̄. Pooling matters
 * when one arm is small (a 5% stage): the small arm's own 9 × 9 clustered covariance from ~100
 * units gave 6% instead of 1% tail probability in a seeded check, the pooled one 0.75%. With
 * the effective number of units n = (1/n_c + 1/n_t)⁻¹, the
 * d = K − 1 dimensional normal mixture ({@link multivariateNormalMixtureTest}, r = n·τ²) gives
 * Λ = (1 + r)^(−d/2)·exp(W·r/(2(1 + r))), W = θ̂ᵀV⁻¹θ̂; drift is declared once Λ ≥ 1/α, and the
 * p-value min(1, 1/Λ) is always valid: the chance of ever declaring drift between identical
 * distributions, looking after every request, is ≤ α (asymptotically in the number of units),
 * however many correlated requests a unit sends. The bin edges must be fixed before the data
 * (not chosen from it). Effect sizes beside it: PSI and the Jensen–Shannon distance of the pooled
 * bin counts (control as the expected distribution).
 * References: Robbins (1970); Pace & Salvan (2020), Int. Statist. Rev. 88(3); Deng, Knoblich & Lu
 * (2018), KDD (delta method over units); Siddiqi (2006) for PSI.
 * @throws {InvalidArgumentError} on statistics with different numbers of bins, alpha outside
 *   (0, 1) or a mixingSd that is not positive.
 * @throws {InsufficientDataError} when an arm has fewer than 2 units with scores, or the
 *   covariance of the differences is singular.
 * @example
 * const control = binnedScoreStatisticsOfUnits([[3, 1, 0], [2, 2, 1], [1, 3, 1], [4, 0, 1]]);
 * const treatment = binnedScoreStatisticsOfUnits([[0, 2, 3], [1, 1, 3], [0, 3, 2], [1, 0, 4]]);
 * const r = sequentialBinnedDrift(control, treatment, { mixingSd: 0.5 });
 * [r.statistic.toFixed(3), r.pValue.toFixed(4), r.details.psi.toFixed(4)] // ['5.166', '0.6342', '1.2990']: 4 units per arm are not enough
 */
export function sequentialBinnedDrift(control: BinnedScoreStatistics, treatment: BinnedScoreStatistics, options: SequentialBinnedDriftOptions = {}): TestResult<SequentialBinnedDriftDetails> {
  const { alpha, mixingSd, c, t, occupied, kept } = checkArms(control, treatment, checkOptions('options', options), '');
  const psi = populationStabilityIndex(control.counts, treatment.counts, { input: 'counts' }).psi;
  const jensenShannon = jensenShannonDistance(control.counts, treatment.counts).distance;
  const units = 1 / (1 / control.units + 1 / treatment.units);
  const base = {
    method: 'Always-valid binned score drift test (multivariate normal mixture, units as clusters)',
    statisticName: 'Wald X-squared',
    alternative: 'two-sided' as const,
    estimate: psi,
    estimateName: 'PSI',
    dataName: `bin counts of ${control.units} control and ${treatment.units} treatment units`,
  };
  if (kept.length === 0) {
    // Every score of both arms in one bin: the binned distributions are identical.
    return makeTestResult({
      ...base, statistic: 0, df: 0, pValue: 1,
      details: { psi, jensenShannon, unitsControl: control.units, unitsTreatment: treatment.units, bins: occupied.length, logLikelihoodRatio: 0, threshold: Infinity, drifted: false },
    });
  }
  const test = multivariateNormalMixtureTest({
    estimate: kept.map((k) => t.proportions[k] - c.proportions[k]),
    covariance: pooledDifferenceCovariance(control, treatment, kept),
    units, mixingVariance: mixingSd ** 2, alpha,
  });
  const { logLikelihoodRatio, threshold, rejected } = test.details;
  return makeTestResult({
    ...base, statistic: test.statistic, df: test.df, pValue: test.pValue,
    details: { psi, jensenShannon, unitsControl: control.units, unitsTreatment: treatment.units, bins: occupied.length, logLikelihoodRatio, threshold, drifted: rejected },
  });
}

/**
 * Covariance of p̂ₜ − p̂_c over the `kept` bins under the null of one distribution: the per-unit
 * residual second moments Ω = Σᵢ rᵢrᵢᵀ/(n_c + n_t − 2), rᵢ = cᵢ − p̄mᵢ around the pooled
 * proportions p̄, from the units of both arms; each arm's share is n·Ω/M².
 */
function pooledDifferenceCovariance(control: BinnedScoreStatistics, treatment: BinnedScoreStatistics, kept: readonly number[]): number[][] {
  const arms = [control, treatment];
  const total = control.requests + treatment.requests;
  const pooled = control.counts.map((s, k) => (s + treatment.counts[k]) / total);
  const scale = arms.reduce((sum, a) => sum + a.units / a.requests ** 2, 0) / (control.units + treatment.units - 2);
  return kept.map((j) => kept.map((k) => scale * arms.reduce((sum, a) => sum + a.countsCross[j][k] - pooled[k] * a.countsRequests[j]
    - pooled[j] * a.countsRequests[k] + pooled[j] * pooled[k] * a.requestsSquares, 0)));
}

/** Pilot sums scaled to `units` units (same per-unit moments). */
function scaled(statistics: BinnedScoreStatistics, units: number): BinnedScoreStatistics {
  const f = units / statistics.units;
  return {
    units, requests: f * statistics.requests, requestsSquares: f * statistics.requestsSquares, counts: statistics.counts.map((x) => f * x),
    countsRequests: statistics.countsRequests.map((x) => f * x), countsCross: statistics.countsCross.map((row) => row.map((x) => f * x)),
  };
}

/** Options of {@link sequentialBinnedDriftPower}. */
export interface SequentialBinnedDriftPowerOptions extends SequentialBinnedDriftOptions {
  /** Large pilot samples (or design moments) of the two arms' binned scores: true proportions and per-unit covariance. */
  control: BinnedScoreStatistics;
  treatment: BinnedScoreStatistics;
  /** Units per arm at the look whose power is stated. */
  unitsControl: number;
  unitsTreatment: number;
}

/**
 * Power of {@link sequentialBinnedDrift} at a look with `unitsControl` / `unitsTreatment` units:
 * from pilot statistics, the drift θ = p_t − p_c and the test's pooled covariance V at the planned
 * units (the pilots' per-unit moments) give the noncentrality λ = θᵀV⁻¹θ; the power is
 * P(χ²_d(λ) ≥ W*) ({@link multivariateNormalMixturePower}, r = N·τ², N = (1/N_c + 1/N_t)⁻¹).
 * The test may reject at an earlier look too, so this is a lower bound on detection by that look
 * (ignoring a `minPsi` condition a guardrail may add). Normal approximation, which treats the
 * pooled V as the covariance of θ̂ (close for shifts small against the spread of the scores).
 * Pilot noise adds about d·(N/n_pilot) to λ: use pilots much larger than the planned units.
 * @throws {InvalidArgumentError} as {@link sequentialBinnedDrift}, or planned units that are not positive.
 * @throws {InsufficientDataError} on pilots with fewer than 2 units or a singular covariance.
 * @example
 * const control = binnedScoreStatisticsOfUnits([[3, 1, 0], [2, 2, 1], [1, 3, 1], [4, 0, 1]]);
 * const treatment = binnedScoreStatisticsOfUnits([[0, 2, 3], [1, 1, 3], [0, 3, 2], [1, 0, 4]]);
 * sequentialBinnedDriftPower({ control, treatment, unitsControl: 12, unitsTreatment: 12, mixingSd: 0.5 }).toFixed(4) // '0.8074'
 */
export function sequentialBinnedDriftPower(options: SequentialBinnedDriftPowerOptions): number {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {control, treatment, unitsControl, unitsTreatment}');
  const { control, treatment, unitsControl, unitsTreatment } = options;
  assertPositive('options.unitsControl', unitsControl);
  assertPositive('options.unitsTreatment', unitsTreatment);
  const { alpha, mixingSd, c, t, kept } = checkArms(control, treatment, options, 'options.');
  if (kept.length === 0) return 0;
  const covariance = pooledDifferenceCovariance(scaled(control, unitsControl), scaled(treatment, unitsTreatment), kept);
  const noncentrality = inverseQuadraticForm('options.control', kept.map((k) => t.proportions[k] - c.proportions[k]), covariance);
  return multivariateNormalMixturePower({
    noncentrality, dimension: kept.length, units: 1 / (1 / unitsControl + 1 / unitsTreatment), mixingVariance: mixingSd ** 2, alpha,
  });
}
