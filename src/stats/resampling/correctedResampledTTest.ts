import { studentTCdf, studentTQuantile, studentTSf } from '../core/distributions.js';
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import {
  assertInteger, assertPositive, checkAlternative, checkConfidenceLevel, toFiniteArray, checkOptions, type Alternative,
} from '../../core/validate.js';

/** Options of {@link correctedResampledTTest}: give `testTrainRatio`, or both `nTrain` and `nTest`. */
export interface CorrectedResampledOptions {
  /** n_test / n_train of each split. */
  testTrainRatio?: number;
  /** Training-set size of each split. */
  nTrain?: number;
  /** Test-set size of each split. */
  nTest?: number;
  alternative?: Alternative;
  /** Level of the confidence interval for the mean difference (default 0.95). */
  confidenceLevel?: number;
}

/** Details of {@link correctedResampledTTest}: number of splits, n_test/n_train and the corrected standard error. */
export type CorrectedResampledDetails = { splits: number; testTrainRatio: number; standardError: number };

/**
 * Nadeau & Bengio's corrected resampled t-test for J random train/test splits (or the folds of
 * repeated cross-validation). Overlapping training sets correlate the J differences d_j, so the naive
 * variance σ̂²/J is too small; the corrected variance is (1/J + n_test/n_train)·σ̂²:
 * t = d̄ / √((1/J + n_test/n_train)·σ̂²) with J − 1 df, σ̂² the sample variance (J − 1 denominator).
 * The confidence interval is d̄ ± t_{J−1} quantile × that standard error.
 *
 * Reference: C. Nadeau & Y. Bengio (2003), "Inference for the generalization error", Machine
 * Learning 52(3), 239–281; R. R. Bouckaert & E. Frank (2004), PAKDD, LNCS 3056.
 *
 * @param diffs score differences (model A − model B), one per split.
 * @throws {InvalidArgumentError} NaN/Infinity, missing or conflicting split sizes, bad alternative or confidenceLevel.
 * @throws {InsufficientDataError} fewer than 2 differences, or all differences equal.
 * @example
 * correctedResampledTTest([0.012, 0.02, 0.008, 0.015, 0.011, 0.018, 0.01, 0.016, 0.013, 0.009],
 *   { testTrainRatio: 1 / 9 }).pValue.toExponential(2); // '4.85e-5'
 */
export function correctedResampledTTest(diffs: ArrayLike<number>, options: CorrectedResampledOptions): TestResult<CorrectedResampledDetails> {
  const opts = checkOptions('options', options);
  const values = toFiniteArray('diffs', diffs, 2);
  const ratio = testTrainRatio(opts);
  const alternative = checkAlternative(opts.alternative);
  const level = checkConfidenceLevel(opts.confidenceLevel);
  const splits = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / splits;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (splits - 1);
  // Equal values give a (numerically) zero variance: test equality itself, not a rounded variance.
  if (values.every((value) => value === values[0])) throw new InsufficientDataError('diffs', diffs, 'all differences are equal, so the variance estimate is 0');
  const standardError = Math.sqrt((1 / splits + ratio) * variance);
  const df = splits - 1;
  const t = mean / standardError;
  const pValue = alternative === 'less' ? studentTCdf(t, df)
    : alternative === 'greater' ? studentTSf(t, df) : Math.min(1, 2 * studentTSf(Math.abs(t), df));
  const margin = studentTQuantile(alternative === 'two-sided' ? (1 + level) / 2 : level, df) * standardError;
  return makeTestResult({
    method: 'Corrected resampled t-test (Nadeau & Bengio 2003)',
    statistic: t,
    statisticName: 't',
    df,
    pValue,
    alternative,
    estimate: mean,
    estimateName: 'mean difference',
    nullValue: 0,
    ci: {
      lower: alternative === 'less' ? -Infinity : mean - margin,
      upper: alternative === 'greater' ? Infinity : mean + margin,
      level,
    },
    dataName: 'diffs',
    details: { splits, testTrainRatio: ratio, standardError },
  });
}

/** n_test/n_train from exactly one of `testTrainRatio` or the pair `nTrain`, `nTest`. */
function testTrainRatio(opts: Partial<CorrectedResampledOptions>): number {
  const hasRatio = opts.testTrainRatio !== undefined;
  const hasSizes = opts.nTrain !== undefined || opts.nTest !== undefined;
  if (hasRatio === hasSizes) {
    throw new InvalidArgumentError('options', opts, 'give either testTrainRatio or both nTrain and nTest');
  }
  if (hasRatio) {
    assertPositive('options.testTrainRatio', opts.testTrainRatio);
    return opts.testTrainRatio;
  }
  assertInteger('options.nTrain', opts.nTrain, 1);
  assertInteger('options.nTest', opts.nTest, 1);
  return opts.nTest / opts.nTrain;
}
