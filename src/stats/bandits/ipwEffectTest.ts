import { checkChoice } from '../../core/validate.js';
import { InsufficientDataError } from '../../core/errors.js';
import { zTestResult, type ZTestDetails } from '../abtest/normalTest.js';
import type { TestResult } from '../core/htest.js';
import { checkAdaptiveAnalysis, type AdaptiveAnalysisOptions, type PeriodArmStatistics } from './periodArmStatistics.js';

/** Options of {@link ipwEffectTest}. */
export interface AdaptiveEffectOptions extends AdaptiveAnalysisOptions {
  /** `'hajek'` (default: weights normalised per arm) or `'horvitzThompson'` (exactly unbiased). */
  estimator?: 'hajek' | 'horvitzThompson';
}

/** Details of an inverse-propensity-weighted effect. */
export type IpwEffectDetails = {
  controlMean: number;
  treatmentMean: number;
  /** All units of the experiment (every arm), N. */
  units: number;
};

/** Per arm: S = Σ Y/p, W = Σ 1/p, Q = Σ Y²/p², over the arm's units. */
function weightedSums(cells: readonly PeriodArmStatistics[], arm: string) {
  let S = 0;
  let W = 0;
  let Q = 0;
  for (const cell of cells) {
    if (cell.arm !== arm) continue;
    S += cell.sum / cell.probability;
    W += cell.n / cell.probability;
    Q += cell.sumSquares / (cell.probability * cell.probability);
  }
  return { S, W, Q };
}

/** Σ (Y − m)²/p² over the arm's units, from the cells' sums. */
function centredSquares(cells: readonly PeriodArmStatistics[], arm: string, mean: number): number {
  return cells.filter((c) => c.arm === arm)
    .reduce((s, c) => s + Math.max(0, c.sumSquares - 2 * mean * c.sum + c.n * mean * mean) / (c.probability * c.probability), 0);
}

/**
 * Inverse-propensity-weighted effect of `treatment` over `control` in an adaptively allocated
 * experiment, from per-(period, arm) sums with each unit's assignment probability p. Weighting
 * every unit by 1/p undoes the adaptive allocation: over the N units of the experiment,
 * Horvitz–Thompson's arm mean μ̂_a = (1/N)·Σ_{units of a} Y/p is exactly unbiased for the mean
 * potential outcome whatever the (adaptive) probabilities, as long as each is > 0; Hájek's
 * μ̂_a = Σ Y/p ÷ Σ 1/p normalises the weights, trading an O(1/N) bias for a smaller variance.
 * The effect is μ̂_treatment − μ̂_control. Variance: Horvitz–Thompson, the sample variance of the
 * per-unit scores Γ = ±Y/p (0 for units of other arms) over N²; Hájek, its linearisation
 * Σ_a Σ_{units of a}(Y − μ̂_a)²/p² ÷ (Σ_{units of a} 1/p)². Under adaptive allocation the scores are
 * martingale differences, and the Wald interval is asymptotically valid when the probabilities
 * stay bounded away from 0 (Hadad, Hirshberg, Zhan, Wager & Athey 2021, "Confidence intervals for
 * policy evaluation in adaptive experiments", PNAS 118(15): the reason for the allocation's
 * weight floor); the variance is conservative when the effect varies over time.
 * References: Horvitz & Thompson (1952) JASA 47:663; Hájek (1971).
 * @throws {InvalidArgumentError} on bad cells or options (naming the field).
 * @throws {InsufficientDataError} when an arm has no units.
 * @example
 * const cells = [
 *   { period: 0, arm: 'a', probability: 0.5, n: 50, sum: 10, sumSquares: 10 }, { period: 0, arm: 'b', probability: 0.5, n: 50, sum: 15, sumSquares: 15 },
 *   { period: 1, arm: 'a', probability: 0.2, n: 20, sum: 4, sumSquares: 4 }, { period: 1, arm: 'b', probability: 0.8, n: 80, sum: 24, sumSquares: 24 },
 * ];
 * ipwEffectTest(cells, { control: 'a', treatment: 'b' }).estimate // 0.09999999999999998
 */
export function ipwEffectTest(cells: readonly PeriodArmStatistics[], options: AdaptiveEffectOptions): TestResult<ZTestDetails & IpwEffectDetails> {
  const { control, treatment, alternative, confidenceLevel } = checkAdaptiveAnalysis(cells, options);
  const estimator = checkChoice('options.estimator', options.estimator, ['hajek', 'horvitzThompson'] as const, 'hajek');
  const N = cells.reduce((s, c) => s + c.n, 0);
  const a = weightedSums(cells, control);
  const b = weightedSums(cells, treatment);
  for (const [arm, sums] of [[control, a], [treatment, b]] as const) {
    if (sums.W === 0) throw new InsufficientDataError(arm === control ? 'options.control' : 'options.treatment', arm, 'the arm has no units');
  }
  let controlMean: number;
  let treatmentMean: number;
  let variance: number;
  if (estimator === 'horvitzThompson') {
    controlMean = a.S / N;
    treatmentMean = b.S / N;
    const effect = treatmentMean - controlMean;
    variance = N > 1 ? Math.max(0, (a.Q + b.Q - N * effect * effect) / (N * (N - 1))) : 0;
  } else {
    controlMean = a.S / a.W;
    treatmentMean = b.S / b.W;
    variance = centredSquares(cells, control, controlMean) / (a.W * a.W) + centredSquares(cells, treatment, treatmentMean) / (b.W * b.W);
  }
  return zTestResult({
    method: `Inverse-propensity-weighted (${estimator === 'hajek' ? 'Hájek' : 'Horvitz–Thompson'}) effect under adaptive allocation`,
    estimate: treatmentMean - controlMean,
    estimateName: `difference in means (${treatment} - ${control})`,
    standardError: Math.sqrt(variance),
    nullValue: 0,
    alternative,
    confidenceLevel,
    dataName: `${N} units in ${new Set(cells.map((c) => c.period)).size} allocation periods`,
    details: { controlMean, treatmentMean, units: N },
  });
}
