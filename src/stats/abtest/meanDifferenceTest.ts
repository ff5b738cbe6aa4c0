import type { TestResult } from '../core/htest.js';
import { makeTestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import type { Alternative } from '../../core/validate.js';
import { checkAlternative, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { welchTTestFromSummaries } from '../parametric/index.js';
import { armMoments } from './armMoments.js';
import { zTestResult } from './normalTest.js';

export interface MeanDifferenceTestOptions {
  /** Alternative for meanB − meanA. Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** 'welch' (default): Welch's t test; 'z': the large-sample z test on the same standard error. */
  test?: 'welch' | 'z';
}

/**
 * Compares the mean metric of treatment B with control A from sufficient statistics
 * ({@link MeanStats} or any {n, mean, variance}). Estimate meanB − meanA with the unpooled
 * standard error √(s²A/nA + s²B/nB). 'welch' delegates to welchTTestFromSummaries (Welch–
 * Satterthwaite df; R `t.test(b, a)`); 'z' refers the same statistic to the standard normal, as
 * statsmodels `CompareMeans(b, a).ztest_ind(usevar='unequal')` does — the usual choice at online
 * sample sizes, where the two agree.
 *
 * References: Welch (1947) Biometrika 34; Kohavi, Tang & Xu (2020) ch. 17.
 *
 * @throws {InvalidArgumentError} for malformed summaries or options.
 * @throws {InsufficientDataError} if an arm has n < 2 or both arms have zero variance and equal means.
 * @example
 * const a = MeanStats.fromArray([12, 15, 11, 14, 13]);
 * const b = MeanStats.fromArray([14, 17, 15, 16, 18]);
 * const r = meanDifferenceTest(a, b, { test: 'z' });
 * [r.estimate, r.statistic.toFixed(4)]; // [3, '3.0000']
 */
/** Details of {@link meanDifferenceTest}: both arms' sizes and means, and the standard error of B − A. */
export type MeanDifferenceDetails = { nA: number; nB: number; meanA: number; meanB: number; standardError: number };

export function meanDifferenceTest(statsA: SampleSummary, statsB: SampleSummary, options: MeanDifferenceTestOptions = {}): TestResult<MeanDifferenceDetails> {
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const test = checkChoice('options.test', options.test, ['welch', 'z'] as const, 'welch');
  const a = armMoments('statsA', statsA);
  const b = armMoments('statsB', statsB);
  const details = { nA: a.n, nB: b.n, meanA: a.mean, meanB: b.mean };
  const estimateName = 'difference in means (B - A)';
  if (test === 'z') {
    return zTestResult({
      method: 'Two-sample z test for means (unequal variances)',
      estimate: b.mean - a.mean,
      estimateName,
      standardError: Math.sqrt(a.varianceOfMean + b.varianceOfMean),
      nullValue: 0,
      alternative,
      confidenceLevel,
      details,
    });
  }
  // welchTTestFromSummaries estimates its first argument minus its second: pass B first.
  const welch = welchTTestFromSummaries(statsB, statsA, { alternative, confidenceLevel });
  return makeTestResult({ ...welch, estimateName, dataName: undefined, details: { ...details, standardError: welch.details.standardError } });
}
