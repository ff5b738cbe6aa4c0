import { fSf, studentTCdf, studentTSf } from '../core/distributions.js';
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { makeTestResult, type NoDetails, type TestResult } from '../core/htest.js';
import { checkAlternative, toFiniteArray, type Alternative, checkOptions } from '../../core/validate.js';

/** Score differences of two models from 5 replications of 2-fold cross-validation: diffs[i][j] for fold j of replication i. */
export type FiveByTwoDifferences = readonly (readonly [number, number] | readonly number[])[];

interface FiveByTwoParts {
  values: number[][];
  /** Σ_i s_i² with s_i² = (p_i1 − p̄_i)² + (p_i2 − p̄_i)². */
  varianceSum: number;
  meanDifference: number;
}

/** Validates a 5×2 table and computes the per-replication variance sum both tests use. */
function fiveByTwoParts(diffs: FiveByTwoDifferences): FiveByTwoParts {
  if (!Array.isArray(diffs) || diffs.length !== 5) {
    throw new InvalidArgumentError('diffs', diffs, 'expected 5 replications, each [fold1, fold2]');
  }
  const values = diffs.map((pair, i) => {
    const row = toFiniteArray(`diffs[${i}]`, pair);
    if (row.length !== 2) throw new InvalidArgumentError(`diffs[${i}]`, pair, 'expected the 2 fold differences of this replication');
    return row;
  });
  let varianceSum = 0;
  let total = 0;
  for (const [first, second] of values) {
    const mean = (first + second) / 2;
    varianceSum += (first - mean) ** 2 + (second - mean) ** 2;
    total += first + second;
  }
  if (varianceSum === 0) {
    throw new InsufficientDataError('diffs', diffs, 'both folds of every replication are equal, so the variance estimate is 0');
  }
  return { values, varianceSum, meanDifference: total / 10 };
}

/**
 * Dietterich's 5×2cv paired t-test: t = p_1^(1) / √((1/5) Σ_i s_i²), with p_1^(1) the first fold's
 * difference of the first replication and s_i² = (p_i^(1) − p̄_i)² + (p_i^(2) − p̄_i)²; t has 5 df.
 * Same statistic and p-value as mlxtend's paired_ttest_5x2cv (which is two-sided).
 *
 * Reference: T. G. Dietterich (1998), "Approximate statistical tests for comparing supervised
 * classification learning algorithms", Neural Computation 10(7), 1895–1923.
 *
 * @param diffs 5 × 2 score differences (model A − model B) per replication and fold.
 * @throws {InvalidArgumentError} not 5 × 2, non-finite values, bad alternative.
 * @throws {InsufficientDataError} when every s_i² is 0.
 * @example
 * fiveByTwoCvTTest([[0.02, 0.01], [0.03, 0.0], [0.01, 0.02], [0.02, 0.02], [0.0, 0.03]]).statistic.toFixed(4); // '1.4142'
 */
export function fiveByTwoCvTTest(diffs: FiveByTwoDifferences, options?: { alternative?: Alternative }): TestResult<NoDetails> {
  const alternative = checkAlternative(checkOptions('options', options).alternative);
  const { values, varianceSum, meanDifference } = fiveByTwoParts(diffs);
  const t = values[0][0] / Math.sqrt(varianceSum / 5);
  const pValue = alternative === 'less' ? studentTCdf(t, 5)
    : alternative === 'greater' ? studentTSf(t, 5) : Math.min(1, 2 * studentTSf(Math.abs(t), 5));
  return makeTestResult({
    method: '5x2cv paired t-test (Dietterich 1998)',
    statistic: t,
    statisticName: 't',
    df: 5,
    pValue,
    alternative,
    estimate: meanDifference,
    estimateName: 'mean difference',
    nullValue: 0,
    dataName: 'diffs',
    details: {},
  });
}

/**
 * Alpaydin's combined 5×2cv F-test: f = Σ_i Σ_j (p_i^(j))² / (2 Σ_i s_i²), compared with F(10, 5);
 * more robust than the 5×2cv t-test because it uses all ten differences. Same as mlxtend's
 * combined_ftest_5x2cv. The test is two-sided in the models (f grows with any difference).
 *
 * Reference: E. Alpaydin (1999), "Combined 5×2 cv F test for comparing supervised classification
 * learning algorithms", Neural Computation 11(8), 1885–1892.
 *
 * @param diffs 5 × 2 score differences (model A − model B) per replication and fold.
 * @throws {InvalidArgumentError} not 5 × 2 or non-finite values.
 * @throws {InsufficientDataError} when every s_i² is 0.
 * @example
 * fiveByTwoCvFTest([[0.02, 0.01], [0.03, 0.0], [0.01, 0.02], [0.02, 0.02], [0.0, 0.03]]).statistic.toFixed(4); // '1.8000'
 */
export function fiveByTwoCvFTest(diffs: FiveByTwoDifferences): TestResult<NoDetails> {
  const { values, varianceSum, meanDifference } = fiveByTwoParts(diffs);
  const squares = values.flat().reduce((sum, value) => sum + value * value, 0);
  const f = squares / (2 * varianceSum);
  return makeTestResult({
    method: 'Combined 5x2cv F-test (Alpaydin 1999)',
    statistic: f,
    statisticName: 'F',
    df: [10, 5],
    pValue: fSf(f, 10, 5),
    alternative: 'two-sided',
    estimate: meanDifference,
    estimateName: 'mean difference',
    nullValue: 0,
    dataName: 'diffs',
    details: {},
  });
}
