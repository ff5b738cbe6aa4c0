/**
 * Validation and computation of {@link SampleSummary} objects (n, mean, unbiased variance), the
 * sufficient statistics every t procedure is built on.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { SampleSummary } from '../core/summary.js';
import { assertSameLength, toFiniteArray } from '../../core/validate.js';

/**
 * Summarizes `values` with a two-pass mean and the corrected two-pass variance
 * Σ(x − x̄)² − (Σ(x − x̄))²/n over n − 1 (Chan, Golub & LeVeque 1983), which stays exact for
 * constant data and accurate when the mean is large relative to the spread.
 */
export function summarize(name: string, values: unknown, minLength: number): SampleSummary {
  const x = toFiniteArray(name, values, minLength);
  const n = x.length;
  let total = 0;
  for (const v of x) total += v;
  const mean = total / n;
  let squares = 0;
  let residual = 0;
  for (const v of x) {
    squares += (v - mean) ** 2;
    residual += v - mean;
  }
  const variance = n > 1 ? Math.max(0, (squares - (residual * residual) / n) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** Throws unless `summary` is a valid {@link SampleSummary} with at least `minN` observations. */
export function checkSummary(name: string, summary: unknown, minN: number): SampleSummary {
  if (typeof summary !== 'object' || summary === null) {
    throw new InvalidArgumentError(name, summary, 'expected a sample summary {n, mean, variance}');
  }
  const { n, mean, variance } = summary as Record<string, unknown>;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`${name}.n`, n, 'expected a non-negative integer count');
  }
  if (n < minN) throw new InsufficientDataError(`${name}.n`, n, `need at least ${minN} observations`);
  if (typeof mean !== 'number' || !Number.isFinite(mean)) {
    throw new InvalidArgumentError(`${name}.mean`, mean, 'expected a finite number');
  }
  if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) {
    throw new InvalidArgumentError(`${name}.variance`, variance, 'expected a finite number >= 0');
  }
  return { n, mean, variance };
}

/** Element-wise differences a[i] − b[i] of two paired samples, validated. */
export function pairedDifferences(a: unknown, b: unknown, minLength: number): number[] {
  const x = toFiniteArray('a', a, 0);
  const y = toFiniteArray('b', b, 0);
  assertSameLength('a', x, 'b', y);
  if (x.length < minLength) {
    throw new InsufficientDataError('a', a, `need at least ${minLength} pairs, got ${x.length}`);
  }
  return x.map((v, i) => v - y[i]);
}
