import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { chiSquareSf } from '../core/distributions.js';
import type { TestResult } from '../core/htest.js';
import { makeTestResult } from '../core/htest.js';
import { assertInteger, assertOpenUnitInterval } from '../../core/validate.js';

export interface SrmTestOptions {
  /** p-values below this flag a sample ratio mismatch. Default 0.001 (strict, since SRM checks run often). */
  threshold?: number;
}

/** Details of {@link srmTest}: the number of units and the p-value threshold. */
export type SrmDetails = { total: number; threshold: number };

/** An SRM check: the chi-square test plus the verdict and the expected counts. */
export type SrmResult = TestResult<SrmDetails> & {
  /** true when pValue < threshold: the split is broken and the experiment's results are untrustworthy. */
  mismatch: boolean;
  threshold: number;
  expectedCounts: number[];
};

/** Validates allocation weights: ≥ 2 positive finite numbers summing to 1 (within 1e-9). */
export function checkWeights(name: string, weights: unknown): number[] {
  if (!Array.isArray(weights) || weights.length < 2) {
    throw new InvalidArgumentError(name, weights, 'expected an array of at least 2 weights');
  }
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
      throw new InvalidArgumentError(`${name}[${i}]`, w, 'expected a finite weight > 0');
    }
  });
  const total = weights.reduce((s: number, w: number) => s + w, 0);
  if (Math.abs(total - 1) > 1e-9) throw new InvalidArgumentError(name, weights, `weights must sum to 1 (got ${total})`);
  return weights as number[];
}

/**
 * Sample ratio mismatch (SRM) test: Pearson's chi-square goodness of fit of the units observed per
 * arm to the designed split, X² = Σ (Oᵢ − Eᵢ)²/Eᵢ with Eᵢ = N·wᵢ on k − 1 degrees of freedom
 * (scipy.stats.chisquare(observed, f_exp = N·weights)). Any number of arms and unequal splits.
 * A mismatch means assignment or logging is broken, so effect estimates cannot be trusted.
 *
 * References: Fabijan et al. (2019) "Diagnosing sample ratio mismatch in online controlled
 * experiments", KDD; Kohavi, Tang & Xu (2020) ch. 21.
 *
 * @throws {InvalidArgumentError} for non-integer or negative counts, weights that are not
 * positive or do not sum to 1, a length mismatch, or a threshold outside (0, 1).
 * @throws {InsufficientDataError} when no unit was observed.
 * @example
 * const r = srmTest([50_000, 49_000], [0.5, 0.5]);
 * [r.statistic, r.pValue.toExponential(3), r.mismatch]; // [10.1010101010101, '1.482e-3', false]
 */
export function srmTest(observedCounts: number[], expectedWeights: number[], options: SrmTestOptions = {}): SrmResult {
  const weights = checkWeights('expectedWeights', expectedWeights);
  if (!Array.isArray(observedCounts)) throw new InvalidArgumentError('observedCounts', observedCounts, 'expected an array of counts');
  if (observedCounts.length !== weights.length) {
    throw new InvalidArgumentError('observedCounts', observedCounts, `expected one count per weight (${weights.length})`);
  }
  observedCounts.forEach((c, i) => assertInteger(`observedCounts[${i}]`, c, 0));
  const threshold = options.threshold ?? 0.001;
  assertOpenUnitInterval('options.threshold', threshold);
  const total = observedCounts.reduce((s, c) => s + c, 0);
  if (total === 0) throw new InsufficientDataError('observedCounts', observedCounts, 'no units observed');

  const expectedCounts = weights.map((w) => total * w);
  let statistic = 0;
  for (let i = 0; i < weights.length; i++) statistic += (observedCounts[i] - expectedCounts[i]) ** 2 / expectedCounts[i];
  const df = weights.length - 1;
  const pValue = chiSquareSf(statistic, df);
  const result = makeTestResult({
    method: 'Chi-squared test for sample ratio mismatch',
    statistic,
    statisticName: 'X-squared',
    pValue,
    alternative: 'two-sided',
    df,
    dataName: `observed ${observedCounts.join(', ')}; expected weights ${weights.join(', ')}`,
    details: { total, threshold },
  });
  return { ...result, mismatch: pValue < threshold, threshold, expectedCounts };
}
