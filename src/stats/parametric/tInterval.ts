/**
 * Student-t confidence interval for a mean.
 */
import type { ConfidenceInterval } from '../core/htest.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { summarize } from './sampleSummary.js';
import { assertNonzeroStandardError, tConfidenceInterval } from './tDistributionTest.js';

/** A confidence interval together with the point estimate it surrounds. */
export interface IntervalEstimate extends ConfidenceInterval {
  estimate: number;
}

/**
 * Two-sided t confidence interval for the mean of `x`: x̄ ± t_{n−1, (1+level)/2} · s/√n
 * (Student 1908). Same as R's `t.test(x)$conf.int` and scipy's
 * `t.interval(level, n − 1, loc=mean, scale=sem)`.
 *
 * @param x at least 2 finite numbers
 * @param options `confidenceLevel` (default 0.95)
 * @throws {InvalidArgumentError} on NaN/Infinity or a confidence level outside (0, 1).
 * @throws {InsufficientDataError} with fewer than 2 values or when all values are identical
 *   (scipy returns NaN for a zero scale).
 * @example
 * tInterval([0.81, 0.79, 0.84, 0.80]);
 * // { lower: 0.775625651181417, upper: 0.8443743488185831, level: 0.95, estimate: 0.81 }
 */
export function tInterval(x: ArrayLike<number>, options?: { confidenceLevel?: number }): IntervalEstimate {
  const level = checkConfidenceLevel(options?.confidenceLevel);
  const { n, mean, variance } = summarize('x', x, 2);
  const standardError = Math.sqrt(variance / n);
  assertNonzeroStandardError('x', x, standardError, mean, 'all values are identical');
  return { ...tConfidenceInterval(mean, standardError, n - 1, 'two-sided', level), estimate: mean };
}
