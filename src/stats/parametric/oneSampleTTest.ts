/**
 * One-sample and paired t-tests: is the mean of x (or of the paired differences a − b) equal to mu?
 */
import type { TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { checkSummary, pairedDifferences, summarize } from './sampleSummary.js';
import {
  assertNonzeroStandardError, resolveTTestOptions, tTestResult, type TTestOptions,
} from './tDistributionTest.js';

/** How a one-sample t-test names its data in results and errors. */
interface OneSampleLabels {
  method: string;
  dataName: string;
  estimateName: string;
  /** Argument blamed, and the value shown, when the data have zero variance. */
  argument: string;
  value: unknown;
  constantReason: string;
}

/** Details of the one-sample and paired t-tests: the number of values (pairs) and the standard error of the mean. */
export type OneSampleTTestDetails = { n: number; standardError: number };

function oneSampleTTestCore(summary: SampleSummary, options: TTestOptions | undefined, labels: OneSampleLabels): TestResult<OneSampleTTestDetails> {
  const resolved = resolveTTestOptions(options);
  const { n, mean, variance } = summary;
  const standardError = Math.sqrt(variance / n);
  assertNonzeroStandardError(labels.argument, labels.value, standardError, mean, labels.constantReason);
  return tTestResult({
    method: labels.method, estimate: mean, estimateName: labels.estimateName, standardError, df: n - 1,
    dataName: labels.dataName, details: { n, standardError },
  }, resolved);
}

/**
 * One-sample t-test from a summary {n, mean, variance}: t = (x̄ − μ₀)/(s/√n) on n − 1 degrees of
 * freedom, with the t confidence interval x̄ ± t_{n−1}·s/√n for the mean (Student 1908; R's
 * `t.test(x, mu = mu)`, scipy's `ttest_1samp`).
 *
 * @param summary sample size (≥ 2), mean and unbiased variance of the sample
 * @param options `alternative` ('two-sided' | 'less' | 'greater'), `confidenceLevel` (0.95), `mu` (0)
 * @returns an htest-like result: statistic t, df, pValue, estimate (mean), ci, details {n, standardError}
 * @throws {InvalidArgumentError} on a malformed summary or option.
 * @throws {InsufficientDataError} if n < 2 or the variance is 0 (scipy would return NaN).
 * @example
 * oneSampleTTestFromSummary({ n: 10, mean: 1.2, variance: 4 }, { mu: 0 }).pValue; // 0.09026733160785501
 */
export function oneSampleTTestFromSummary(summary: SampleSummary, options?: TTestOptions): TestResult<OneSampleTTestDetails> {
  const s = checkSummary('summary', summary, 2);
  return oneSampleTTestCore(s, options, {
    method: 'One Sample t-test', dataName: 'summary', estimateName: 'mean of x',
    argument: 'summary.variance', value: s.variance, constantReason: 'the variance is 0',
  });
}

/**
 * One-sample t-test of H0: mean(x) = mu; a thin wrapper that summarizes `x` and applies
 * {@link oneSampleTTestFromSummary}. Matches R's `t.test(x, mu = mu)`.
 *
 * @param x at least 2 finite numbers
 * @throws {InvalidArgumentError} on NaN/Infinity in x or a bad option.
 * @throws {InsufficientDataError} if x has fewer than 2 values or all values are identical.
 * @example
 * oneSampleTTest([0.71, 0.74, 0.69, 0.73], { mu: 0.7 }).statistic; // 1.5784566588059357
 */
export function oneSampleTTest(x: ArrayLike<number>, options?: TTestOptions): TestResult<OneSampleTTestDetails> {
  return oneSampleTTestCore(summarize('x', x, 2), options, {
    method: 'One Sample t-test', dataName: 'x', estimateName: 'mean of x',
    argument: 'x', value: x, constantReason: 'all values are identical',
  });
}

/**
 * Paired t-test of H0: mean(a − b) = mu — the one-sample t-test on the differences a[i] − b[i]
 * (R's `t.test(a, b, paired = TRUE)`, scipy's `ttest_rel`). Use it to compare two models evaluated
 * on the same seeds, folds or datasets.
 *
 * Constant differences (for instance one model always exactly 0.01 better) have zero variance:
 * scipy returns NaN, R stops; here an InsufficientDataError explains that all differences are identical.
 *
 * @param a first sample (e.g. per-seed metric of model A)
 * @param b second sample, same length, paired with `a` by position
 * @throws {InvalidArgumentError} on NaN/Infinity, a length mismatch or a bad option.
 * @throws {InsufficientDataError} with fewer than 2 pairs or when all differences are identical.
 * @example
 * pairedTTest([0.81, 0.79, 0.84, 0.80], [0.78, 0.78, 0.80, 0.79]).pValue; // 0.05766888562243707
 */
export function pairedTTest(a: ArrayLike<number>, b: ArrayLike<number>, options?: TTestOptions): TestResult<OneSampleTTestDetails> {
  const differences = pairedDifferences(a, b, 2);
  return oneSampleTTestCore(summarize('a - b', differences, 2), options, {
    method: 'Paired t-test', dataName: 'a and b', estimateName: 'mean difference',
    argument: 'a - b', value: differences, constantReason: 'all differences are identical',
  });
}
