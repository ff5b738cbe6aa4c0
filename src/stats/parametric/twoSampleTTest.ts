/**
 * Two-sample t-tests for independent samples: Welch's (unequal variances, the safer default) and
 * Student's (pooled variance).
 */
import type { TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { checkSummary, summarize } from './sampleSummary.js';
import {
  assertNonzeroStandardError, resolveTTestOptions, tTestResult, type TTestOptions,
} from './tDistributionTest.js';

/** How a two-sample t-test names its data in results, and what it blames when both samples are constant. */
interface TwoSampleLabels {
  dataName: string;
  argument: string;
  value: unknown;
}

const arrayLabels = (b: unknown): TwoSampleLabels => ({ dataName: 'a and b', argument: 'b', value: b });
const summaryLabels = (sb: SampleSummary): TwoSampleLabels => ({ dataName: 'sa and sb', argument: 'sb.variance', value: sb.variance });

/** Details of the two-sample t-tests: both sizes and means, and the standard error of mean(A) − mean(B). */
export type TwoSampleTTestDetails = { nA: number; nB: number; meanA: number; meanB: number; standardError: number };

function twoSampleTTestCore(
  sa: SampleSummary, sb: SampleSummary, options: TTestOptions | undefined, pooled: boolean, labels: TwoSampleLabels,
): TestResult<TwoSampleTTestDetails> {
  const resolved = resolveTTestOptions(options);
  let standardError: number;
  let df: number;
  if (pooled) {
    df = sa.n + sb.n - 2;
    const pooledVariance = ((sa.n - 1) * sa.variance + (sb.n - 1) * sb.variance) / df;
    standardError = Math.sqrt(pooledVariance * (1 / sa.n + 1 / sb.n));
  } else {
    const va = sa.variance / sa.n;
    const vb = sb.variance / sb.n;
    standardError = Math.sqrt(va + vb);
    // Welch–Satterthwaite approximation of the degrees of freedom.
    df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  }
  const scale = Math.max(Math.abs(sa.mean), Math.abs(sb.mean));
  assertNonzeroStandardError(labels.argument, labels.value, standardError, scale, 'both samples have zero variance');
  return tTestResult({
    method: pooled ? 'Two Sample t-test' : 'Welch Two Sample t-test',
    estimate: sa.mean - sb.mean, estimateName: 'difference in means', standardError, df, dataName: labels.dataName,
    details: { nA: sa.n, nB: sb.n, meanA: sa.mean, meanB: sb.mean, standardError },
  }, resolved);
}

/**
 * Welch's two-sample t-test from summaries: t = (x̄_a − x̄_b − μ₀)/√(s²_a/n_a + s²_b/n_b) with
 * Welch–Satterthwaite degrees of freedom (s²_a/n_a + s²_b/n_b)² / [(s²_a/n_a)²/(n_a−1) + (s²_b/n_b)²/(n_b−1)]
 * (Welch 1947). Summaries may come from mergeable online accumulators. Matches R's `t.test(a, b)`
 * and scipy's `ttest_ind(a, b, equal_var=False)`.
 *
 * @param sa summary {n ≥ 2, mean, variance} of sample A
 * @param sb summary of sample B
 * @param options `alternative`, `confidenceLevel` (0.95), `mu` (hypothesized mean(A) − mean(B), 0)
 * @returns statistic t, df, pValue, estimate = mean(A) − mean(B), ci, details {nA, nB, meanA, meanB, standardError}
 * @throws {InvalidArgumentError} on a malformed summary or option.
 * @throws {InsufficientDataError} if a sample has n < 2 or both variances are 0.
 * @example
 * welchTTestFromSummaries({ n: 12, mean: 0.84, variance: 0.0004 }, { n: 15, mean: 0.82, variance: 0.0009 }).df;
 * // 24.322320709105565
 */
export function welchTTestFromSummaries(sa: SampleSummary, sb: SampleSummary, options?: TTestOptions): TestResult<TwoSampleTTestDetails> {
  return twoSampleTTestCore(checkSummary('sa', sa, 2), checkSummary('sb', sb, 2), options, false, summaryLabels(sb));
}

/**
 * Welch's two-sample t-test on raw samples; a thin wrapper over {@link welchTTestFromSummaries}.
 *
 * @throws {InvalidArgumentError} on NaN/Infinity or a bad option.
 * @throws {InsufficientDataError} if a sample has fewer than 2 values or both are constant.
 * @example
 * welchTTest([0.81, 0.79, 0.84, 0.80], [0.78, 0.77, 0.80, 0.79, 0.76]).pValue; // 0.06406600555126228
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>, options?: TTestOptions): TestResult<TwoSampleTTestDetails> {
  return twoSampleTTestCore(summarize('a', a, 2), summarize('b', b, 2), options, false, arrayLabels(b));
}

/**
 * Student's two-sample t-test with pooled variance s²_p = [(n_a−1)s²_a + (n_b−1)s²_b]/(n_a+n_b−2):
 * t = (x̄_a − x̄_b − μ₀)/(s_p √(1/n_a + 1/n_b)) on n_a + n_b − 2 degrees of freedom (Student 1908).
 * Valid only under equal variances; prefer {@link welchTTestFromSummaries}. Matches R's
 * `t.test(a, b, var.equal = TRUE)` and scipy's `ttest_ind(a, b)`.
 *
 * @throws {InvalidArgumentError} on a malformed summary or option.
 * @throws {InsufficientDataError} if a sample has n < 2 or both variances are 0.
 * @example
 * studentTTestFromSummaries({ n: 12, mean: 0.84, variance: 0.0004 }, { n: 15, mean: 0.82, variance: 0.0009 }).df; // 25
 */
export function studentTTestFromSummaries(sa: SampleSummary, sb: SampleSummary, options?: TTestOptions): TestResult<TwoSampleTTestDetails> {
  return twoSampleTTestCore(checkSummary('sa', sa, 2), checkSummary('sb', sb, 2), options, true, summaryLabels(sb));
}

/**
 * Student's pooled-variance two-sample t-test on raw samples; a thin wrapper over
 * {@link studentTTestFromSummaries}.
 *
 * @throws {InvalidArgumentError} on NaN/Infinity or a bad option.
 * @throws {InsufficientDataError} if a sample has fewer than 2 values or both are constant.
 * @example
 * studentTTest([0.81, 0.79, 0.84, 0.80], [0.78, 0.77, 0.80, 0.79, 0.76]).df; // 7
 */
export function studentTTest(a: ArrayLike<number>, b: ArrayLike<number>, options?: TTestOptions): TestResult<TwoSampleTTestDetails> {
  return twoSampleTTestCore(summarize('a', a, 2), summarize('b', b, 2), options, true, arrayLabels(b));
}
