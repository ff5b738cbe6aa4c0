import { checkChoice } from '../../core/validate.js';
import { InsufficientDataError } from '../../core/errors.js';
import { zTestResult, type ZTestDetails } from '../abtest/normalTest.js';
import type { TestResult } from '../core/htest.js';
import { checkAdaptiveAnalysis, type AdaptiveAnalysisOptions, type PeriodArmStatistics } from './periodArmStatistics.js';

/** Options of {@link stratifiedEffectTest}. */
export interface StratifiedEffectOptions extends AdaptiveAnalysisOptions {
  /** `'size'` (default: each period by its share of units) or `'inverseVariance'`. */
  weighting?: 'size' | 'inverseVariance';
}

/** Details of a period-stratified effect. */
export type StratifiedEffectDetails = {
  /** Periods combined, and periods left out because an arm had fewer than two units (or, inverse-variance, zero variance). */
  periods: number;
  periodsSkipped: number;
  /** Units of the combined periods (every arm). */
  units: number;
};

/** n, mean and variance of the mean of one arm in one period, or null with fewer than two units. */
function armMoments(cells: readonly PeriodArmStatistics[]) {
  const n = cells.reduce((s, c) => s + c.n, 0);
  if (n < 2) return null;
  const sum = cells.reduce((s, c) => s + c.sum, 0);
  const sumSquares = cells.reduce((s, c) => s + c.sumSquares, 0);
  return { mean: sum / n, varianceOfMean: Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) / n };
}

/**
 * Period-stratified effect of `treatment` over `control` in an adaptively allocated experiment.
 * Within an allocation period the weights are constant, so the period is a completely randomised
 * experiment and its difference in means d_k = ȳ_treatment,k − ȳ_control,k is unbiased for the
 * period's effect, with variance v_k = s²_t/n_t + s²_c/n_c. The periods combine as Σ w_k·d_k with
 * variance Σ w_k²·v_k: size weights w_k = N_k/Σ N (N_k the period's units, every arm; the estimand is
 * the average effect over the experiment's units, as a post-stratified estimator — Miratrix, Sekhon
 * & Yu 2013, JRSS-B 75:369) or inverse-variance weights w_k ∝ 1/v_k (smallest variance if the
 * effect is constant, but the weights then depend on the outcomes, a small bias). A period where
 * an arm has fewer than two units (or, with inverse-variance weights, zero variance) is left out
 * and counted in `periodsSkipped`. Adaptive designs: Hadad et al. (2021) PNAS 118(15) discuss
 * such batch-wise estimators; Zhang, Janson & Murphy (2020, "Inference for batched bandits",
 * NeurIPS) give the batched-OLS version.
 * @throws {InvalidArgumentError} on bad cells or options (naming the field).
 * @throws {InsufficientDataError} when no period has two units in both arms.
 * @example
 * const cells = [
 *   { period: 0, arm: 'a', probability: 0.5, n: 50, sum: 10, sumSquares: 10 }, { period: 0, arm: 'b', probability: 0.5, n: 50, sum: 15, sumSquares: 15 },
 *   { period: 1, arm: 'a', probability: 0.2, n: 20, sum: 4, sumSquares: 4 }, { period: 1, arm: 'b', probability: 0.8, n: 80, sum: 24, sumSquares: 24 },
 * ];
 * stratifiedEffectTest(cells, { control: 'a', treatment: 'b' }).estimate // 0.09999999999999998
 */
export function stratifiedEffectTest(cells: readonly PeriodArmStatistics[], options: StratifiedEffectOptions): TestResult<ZTestDetails & StratifiedEffectDetails> {
  const { control, treatment, alternative, confidenceLevel } = checkAdaptiveAnalysis(cells, options);
  const weighting = checkChoice('options.weighting', options.weighting, ['size', 'inverseVariance'] as const, 'size');
  const strata: { weight: number; difference: number; variance: number; units: number }[] = [];
  const periods = [...new Set(cells.map((c) => c.period))].sort((x, y) => x - y);
  for (const period of periods) {
    const inPeriod = cells.filter((c) => c.period === period);
    const a = armMoments(inPeriod.filter((c) => c.arm === control));
    const b = armMoments(inPeriod.filter((c) => c.arm === treatment));
    if (a === null || b === null) continue;
    const variance = a.varianceOfMean + b.varianceOfMean;
    if (weighting === 'inverseVariance' && variance === 0) continue;
    const units = inPeriod.reduce((s, c) => s + c.n, 0);
    strata.push({ weight: weighting === 'size' ? units : 1 / variance, difference: b.mean - a.mean, variance, units });
  }
  if (strata.length === 0) throw new InsufficientDataError('cells', cells.length, `no period has two units in both ${control} and ${treatment}`);
  const total = strata.reduce((s, k) => s + k.weight, 0);
  const estimate = strata.reduce((s, k) => s + (k.weight / total) * k.difference, 0);
  const variance = strata.reduce((s, k) => s + (k.weight / total) ** 2 * k.variance, 0);
  const units = strata.reduce((s, k) => s + k.units, 0);
  return zTestResult({
    method: `Period-stratified difference in means (${weighting === 'size' ? 'size' : 'inverse-variance'} weights) under adaptive allocation`,
    estimate,
    estimateName: `difference in means (${treatment} - ${control})`,
    standardError: Math.sqrt(variance),
    nullValue: 0,
    alternative,
    confidenceLevel,
    dataName: `${units} units in ${strata.length} allocation periods`,
    details: { periods: strata.length, periodsSkipped: periods.length - strata.length, units },
  });
}
