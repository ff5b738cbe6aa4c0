import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { SampleSummary } from '../core/summary.js';
import { assertFiniteNumber, assertInteger, toFiniteArray } from '../../core/validate.js';

/** Plain-object form of {@link MeanStats}, as written by `toJSON` (safe to store or send). */
export interface MeanStatsJSON {
  n: number;
  mean: number;
  m2: number;
}

/**
 * Mergeable sufficient statistics of a numeric metric: count `n`, `mean` and `m2`, the sum of
 * squared deviations from the mean. Values are immutable; `add` and `merge` return new objects, so
 * per-shard or per-day aggregates can be combined in any order. Satisfies {@link SampleSummary}.
 *
 * Updates use Welford's recurrence and merges Chan et al.'s parallel formula
 * m2 = m2ₐ + m2ᵦ + δ²·nₐnᵦ/n with δ = meanᵦ − meanₐ, which never subtract two large sums, so a
 * metric such as 1e9 + small noise keeps its variance (the textbook Σx² − (Σx)²/n loses it all).
 *
 * References: Welford (1962) Technometrics 4(3); Chan, Golub & LeVeque (1979) "Updating formulae
 * and a pairwise algorithm for computing sample variances"; GrowthBook gbstats SampleMeanStatistic.
 *
 * @example
 * const day1 = MeanStats.fromArray([1, 2, 3]);
 * const day2 = MeanStats.fromArray([4, 5]);
 * const all = day1.merge(day2);
 * [all.n, all.mean, all.variance]; // [5, 3, 2.5]
 */
export class MeanStats implements SampleSummary {
  /** Number of observations. */
  readonly n: number;
  /** Sample mean (0 when n = 0, the neutral element of `merge`). */
  readonly mean: number;
  /** Sum of squared deviations from the mean, Σ(x − mean)². */
  readonly m2: number;

  /**
   * @throws {InvalidArgumentError} if n is not a non-negative integer, mean is not finite, or m2 is
   * negative or not finite.
   */
  constructor(n = 0, mean = 0, m2 = 0) {
    assertInteger('n', n, 0);
    assertFiniteNumber('mean', mean);
    if (typeof m2 !== 'number' || !Number.isFinite(m2) || m2 < 0) {
      throw new InvalidArgumentError('m2', m2, 'expected a finite number >= 0 (sum of squared deviations)');
    }
    this.n = n;
    this.mean = mean;
    this.m2 = m2;
  }

  /**
   * Statistics of an array: one Welford pass over the values shifted by the first one, so the
   * running mean stays small and large offsets (1e9 + noise) cost no precision at all.
   * @throws {InvalidArgumentError} if an element is NaN, infinite or not a number.
   */
  static fromArray(values: ArrayLike<number>): MeanStats {
    const xs = toFiniteArray('values', values, 0);
    const shift = xs.length > 0 ? xs[0] : 0;
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] - shift;
      const delta = x - mean;
      mean += delta / (i + 1);
      m2 += delta * (x - mean);
    }
    return new MeanStats(xs.length, shift + mean, m2);
  }

  /**
   * Statistics from SQL-style aggregates: n, Σ(x − shift) and Σ(x − shift)². The variance is
   * Σ(x − shift)² − (Σ(x − shift))²/n, which cancels catastrophically when the mean is large
   * relative to the spread; aggregating shifted values (shift ≈ a typical value, e.g. yesterday's
   * mean) keeps the precision, and the shift is added back to the mean here.
   * @throws {InvalidArgumentError} if n is not a non-negative integer, a sum is not finite, or
   * sumSquares is negative; {@link InvalidArgumentError} too if n = 0 with non-zero sums.
   * @example
   * MeanStats.fromSums(3, 6, 14).variance; // 1
   */
  static fromSums(n: number, sum: number, sumSquares: number, shift = 0): MeanStats {
    assertInteger('n', n, 0);
    assertFiniteNumber('sum', sum);
    assertFiniteNumber('sumSquares', sumSquares);
    assertFiniteNumber('shift', shift);
    if (sumSquares < 0) throw new InvalidArgumentError('sumSquares', sumSquares, 'expected a sum of squares >= 0');
    if (n === 0) {
      if (sum !== 0 || sumSquares !== 0) throw new InvalidArgumentError('sum', sum, 'expected 0 sums when n = 0');
      return new MeanStats();
    }
    const shiftedMean = sum / n;
    // Rounding can push a zero-variance aggregate slightly below zero.
    const m2 = Math.max(0, sumSquares - sum * shiftedMean);
    return new MeanStats(n, shift + shiftedMean, m2);
  }

  /** Restores statistics saved with `toJSON`. @throws {InvalidArgumentError} on bad fields. */
  static fromJSON(json: MeanStatsJSON): MeanStats {
    return new MeanStats(json?.n, json?.mean, json?.m2);
  }

  /** Statistics with one more observation (Welford update). @throws {InvalidArgumentError} if x is not finite. */
  add(x: number): MeanStats {
    assertFiniteNumber('x', x);
    const n = this.n + 1;
    const delta = x - this.mean;
    const mean = this.mean + delta / n;
    return new MeanStats(n, mean, this.m2 + delta * (x - mean));
  }

  /** Statistics of the union of both samples (Chan et al.'s parallel formula). */
  merge(other: MeanStats): MeanStats {
    if (!(other instanceof MeanStats)) throw new InvalidArgumentError('other', other, 'expected a MeanStats');
    if (other.n === 0) return this;
    if (this.n === 0) return other;
    const n = this.n + other.n;
    const delta = other.mean - this.mean;
    return new MeanStats(
      n,
      this.mean + (delta * other.n) / n,
      this.m2 + other.m2 + ((delta * delta * this.n) * other.n) / n,
    );
  }

  /** Unbiased sample variance m2/(n − 1). @throws {InsufficientDataError} if n < 2. */
  get variance(): number {
    if (this.n < 2) throw new InsufficientDataError('stats.n', this.n, 'the sample variance needs at least 2 observations');
    return this.m2 / (this.n - 1);
  }

  /** Sample standard deviation √variance. @throws {InsufficientDataError} if n < 2. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  toJSON(): MeanStatsJSON {
    return { n: this.n, mean: this.mean, m2: this.m2 };
  }
}
