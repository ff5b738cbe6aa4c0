import { chiSquareSf } from '../core/distributions.js';
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import { assertSameLength, toBinaryArray } from '../../core/validate.js';

/**
 * Cochran's Q test that k ≥ 2 classifiers scored on the same samples are equally accurate
 * (McNemar's test generalised to k models).
 *
 * `correctness` is models × samples: correctness[j][i] is 1/true when model j got sample i right.
 * With C_j the number of samples model j got right, R_i the number of models right on sample i
 * and T = ΣC_j: Q = (k − 1)(k·ΣC_j² − T²) / (k·T − ΣR_i²), referred to χ² with k − 1 df
 * (statsmodels cochrans_q, which takes the transpose, samples × models). When every sample is
 * scored alike by all models the denominator is 0: Q = 0 and p = 1 are returned (statsmodels
 * gives NaN). For k = 2, Q equals McNemar's chi-square without continuity correction.
 * `details`: k (models), n (samples).
 *
 * Reference: Cochran (1950), Biometrika 37:256–266.
 *
 * @throws {InvalidArgumentError} when fewer than two models, rows of different lengths, or
 *   non-binary values are given.
 * @throws {InsufficientDataError} when there are no samples.
 * @example
 * cochransQ([[1, 1, 1, 1, 0, 1], [1, 0, 1, 0, 0, 1], [0, 0, 1, 0, 0, 0]]).pValue; // 0.04978706836786393
 */
/** Details of {@link cochransQ}: the numbers of models k and of samples n. */
export type CochransQDetails = { k: number; n: number };

export function cochransQ(correctness: readonly ArrayLike<boolean | number>[]): TestResult<CochransQDetails> {
  if (!Array.isArray(correctness) || correctness.length < 2) {
    throw new InvalidArgumentError('correctness', correctness, 'expected an array of at least two per-model correctness vectors (models × samples)');
  }
  const rows = correctness.map((row, j) => toBinaryArray(`correctness[${j}]`, row));
  rows.forEach((row, j) => assertSameLength('correctness[0]', rows[0], `correctness[${j}]`, row));
  const k = rows.length;
  const n = rows[0].length;
  if (n < 1) throw new InsufficientDataError('correctness', correctness, 'need at least one sample');
  const modelTotals = rows.map((row) => row.reduce((s, v) => s + v, 0));
  const sampleTotals = rows[0].map((_, i) => rows.reduce((s, row) => s + row[i], 0));
  const total = modelTotals.reduce((s, v) => s + v, 0);
  const sumSquares = (values: number[]): number => values.reduce((s, v) => s + v * v, 0);
  const denominator = k * total - sumSquares(sampleTotals);
  const statistic = denominator === 0 ? 0 : ((k - 1) * (k * sumSquares(modelTotals) - total * total)) / denominator;
  return makeTestResult({
    method: "Cochran's Q test",
    statistic,
    statisticName: 'Q',
    df: k - 1,
    pValue: denominator === 0 ? 1 : chiSquareSf(statistic, k - 1),
    alternative: 'two-sided',
    dataName: 'correctness (models × samples)',
    details: { k, n },
  });
}
