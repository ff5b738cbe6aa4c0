import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertSameLength, toFiniteArray } from '../../core/validate.js';

/** Plain-object form of {@link CovarianceStats}. */
export interface CovarianceStatsJSON {
  n: number;
  meanY: number;
  meanX: number;
  m2y: number;
  m2x: number;
  cxy: number;
}

/** Paired per-unit values: `y` the outcome (or ratio numerator), `x` the covariate (or denominator). */
export interface PairedArrays {
  y: ArrayLike<number>;
  x: ArrayLike<number>;
}

function assertSumOfSquares(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(name, value, 'expected a finite number >= 0 (sum of squared deviations)');
  }
}

/**
 * Σ(v − v̄)² = Σv² − (Σv)²/n from aggregates. Rounding can push a zero-variance aggregate slightly
 * below zero (clamped); a clearly negative value means the sums cannot come from any data.
 */
function secondMoment(name: string, sumSquares: number, sum: number, n: number): number {
  const m2 = sumSquares - (sum * sum) / n;
  if (m2 < -1e-9 * Math.max(1, sumSquares)) {
    throw new InvalidArgumentError(name, sumSquares, `a sum of squares >= (sum)^2/n = ${(sum * sum) / n}: no data has these sums`);
  }
  return Math.max(0, m2);
}

/** Bivariate Welford update of `m` in place with one (y, x) unit. */
function welfordStep(m: CovarianceStatsJSON, y: number, x: number): void {
  m.n += 1;
  const dy = y - m.meanY;
  const dx = x - m.meanX;
  m.meanY += dy / m.n;
  m.meanX += dx / m.n;
  m.m2y += dy * (y - m.meanY);
  m.m2x += dx * (x - m.meanX);
  m.cxy += dy * (x - m.meanX);
}

/**
 * Mergeable sufficient statistics of a pair of per-unit metrics (y, x): count, both means, the
 * sums of squared deviations m2y, m2x and the co-moment cxy = Σ(y − ȳ)(x − x̄). This is what
 * ratio metrics (y = clicks, x = sessions per user, ratio ȳ/x̄) and CUPED (y = metric,
 * x = pre-experiment covariate) need. Immutable; `merge` uses the bivariate form of Chan et al.'s
 * parallel update, cxy = cxyₐ + cxyᵦ + δy·δx·nₐnᵦ/n. Also exported as `RatioStats`.
 *
 * References: Chan, Golub & LeVeque (1979); Pébay (2008) "Formulas for robust, one-pass parallel
 * computation of covariances", Sandia SAND2008-6212.
 *
 * @example
 * const stats = CovarianceStats.fromArrays({ y: [2, 4, 6, 9], x: [1, 2, 3, 4] });
 * [stats.covariance, stats.ratio]; // [3.8333333333333335, 2.1]
 */
export class CovarianceStats {
  readonly n: number;
  readonly meanY: number;
  readonly meanX: number;
  readonly m2y: number;
  readonly m2x: number;
  readonly cxy: number;

  /** @throws {InvalidArgumentError} on a non-integer n, non-finite means or negative sums of squares. */
  constructor(fields: CovarianceStatsJSON = { n: 0, meanY: 0, meanX: 0, m2y: 0, m2x: 0, cxy: 0 }) {
    assertInteger('n', fields?.n, 0);
    assertFiniteNumber('meanY', fields.meanY);
    assertFiniteNumber('meanX', fields.meanX);
    assertSumOfSquares('m2y', fields.m2y);
    assertSumOfSquares('m2x', fields.m2x);
    assertFiniteNumber('cxy', fields.cxy);
    this.n = fields.n;
    this.meanY = fields.meanY;
    this.meanX = fields.meanX;
    this.m2y = fields.m2y;
    this.m2x = fields.m2x;
    this.cxy = fields.cxy;
  }

  /**
   * Statistics of paired arrays (one Welford pass on values shifted by the first unit).
   * @throws {InvalidArgumentError} on non-finite elements or arrays of different lengths.
   */
  static fromArrays(data: PairedArrays, name = 'data'): CovarianceStats {
    const ys = toFiniteArray(`${name}.y`, data?.y, 0);
    const xs = toFiniteArray(`${name}.x`, data.x, 0);
    assertSameLength(`${name}.y`, ys, `${name}.x`, xs);
    // Shifting by the first unit keeps the running means small (no precision lost to offsets).
    const shiftY = ys.length > 0 ? ys[0] : 0;
    const shiftX = xs.length > 0 ? xs[0] : 0;
    const moments: CovarianceStatsJSON = { n: 0, meanY: 0, meanX: 0, m2y: 0, m2x: 0, cxy: 0 };
    for (let i = 0; i < ys.length; i++) welfordStep(moments, ys[i] - shiftY, xs[i] - shiftX);
    return new CovarianceStats({ ...moments, meanY: moments.meanY + shiftY, meanX: moments.meanX + shiftX });
  }

  /**
   * Statistics from SQL-style aggregates of n units: Σy, Σx, Σy², Σx² and Σxy (as GrowthBook's
   * queries return them). Second moments are Σy² − (Σy)²/n etc., which cancel when means are large
   * relative to spreads: aggregate shifted values then, as for {@link MeanStats.fromSums}.
   * `name` is how errors name the argument.
   * @throws {InvalidArgumentError} if n is not a non-negative integer, a sum is not finite,
   * n = 0 with non-zero sums, or a sum of squares is below (sum)²/n beyond rounding (no data has it).
   * @example
   * CovarianceStats.fromSums({ n: 4, sumY: 21, sumX: 10, sumY2: 137, sumX2: 30, sumXY: 64 }).covariance; // 3.8333333333333335
   */
  static fromSums(sums: { n: number; sumY: number; sumX: number; sumY2: number; sumX2: number; sumXY: number }, name = 'sums'): CovarianceStats {
    const { n, sumY, sumX, sumY2, sumX2, sumXY } = sums ?? ({} as never);
    assertInteger(`${name}.n`, n, 0);
    for (const key of ['sumY', 'sumX', 'sumY2', 'sumX2', 'sumXY'] as const) assertFiniteNumber(`${name}.${key}`, sums[key]);
    if (n === 0) {
      if (sumY !== 0 || sumX !== 0 || sumY2 !== 0 || sumX2 !== 0 || sumXY !== 0) throw new InvalidArgumentError(name, sums, 'expected 0 sums when n = 0');
      return new CovarianceStats();
    }
    return new CovarianceStats({
      n,
      meanY: sumY / n,
      meanX: sumX / n,
      m2y: secondMoment(`${name}.sumY2`, sumY2, sumY, n),
      m2x: secondMoment(`${name}.sumX2`, sumX2, sumX, n),
      cxy: sumXY - (sumY * sumX) / n,
    });
  }

  /** Restores statistics saved with `toJSON`. */
  static fromJSON(json: CovarianceStatsJSON): CovarianceStats {
    return new CovarianceStats(json);
  }

  /** Statistics with one more (y, x) unit. @throws {InvalidArgumentError} if y or x is not finite. */
  add(y: number, x: number): CovarianceStats {
    assertFiniteNumber('y', y);
    assertFiniteNumber('x', x);
    const moments = this.toJSON();
    welfordStep(moments, y, x);
    return new CovarianceStats(moments);
  }

  /** Statistics of the union of both samples. */
  merge(other: CovarianceStats): CovarianceStats {
    if (!(other instanceof CovarianceStats)) throw new InvalidArgumentError('other', other, 'expected a CovarianceStats');
    if (other.n === 0) return this;
    if (this.n === 0) return other;
    const n = this.n + other.n;
    const dy = other.meanY - this.meanY;
    const dx = other.meanX - this.meanX;
    const weight = (this.n * other.n) / n;
    return new CovarianceStats({
      n,
      meanY: this.meanY + (dy * other.n) / n,
      meanX: this.meanX + (dx * other.n) / n,
      m2y: this.m2y + other.m2y + dy * dy * weight,
      m2x: this.m2x + other.m2x + dx * dx * weight,
      cxy: this.cxy + other.cxy + dy * dx * weight,
    });
  }

  private requireTwo(): void {
    if (this.n < 2) throw new InsufficientDataError('stats.n', this.n, 'sample (co)variances need at least 2 units');
  }

  /** Unbiased sample variance of y. @throws {InsufficientDataError} if n < 2. */
  get varianceY(): number {
    this.requireTwo();
    return this.m2y / (this.n - 1);
  }

  /** Unbiased sample variance of x. @throws {InsufficientDataError} if n < 2. */
  get varianceX(): number {
    this.requireTwo();
    return this.m2x / (this.n - 1);
  }

  /** Unbiased sample covariance of y and x. @throws {InsufficientDataError} if n < 2. */
  get covariance(): number {
    this.requireTwo();
    return this.cxy / (this.n - 1);
  }

  /** Pearson correlation cxy/√(m2y·m2x). @throws {InsufficientDataError} if n < 2 or y or x is constant. */
  get correlation(): number {
    this.requireTwo();
    if (this.m2y === 0 || this.m2x === 0) {
      throw new InsufficientDataError('stats', this.toJSON(), 'correlation is undefined when y or x is constant');
    }
    return this.cxy / Math.sqrt(this.m2y * this.m2x);
  }

  /** Ratio of means ȳ/x̄ (e.g. clicks per session). @throws {InsufficientDataError} if x̄ = 0. */
  get ratio(): number {
    if (this.meanX === 0) throw new InsufficientDataError('stats.meanX', 0, 'a ratio metric needs a non-zero denominator mean');
    return this.meanY / this.meanX;
  }

  toJSON(): CovarianceStatsJSON {
    return { n: this.n, meanY: this.meanY, meanX: this.meanX, m2y: this.m2y, m2x: this.m2x, cxy: this.cxy };
  }
}

/** Alias of {@link CovarianceStats} for ratio metrics: y is the numerator, x the denominator. */
export const RatioStats = CovarianceStats;
/** Alias of {@link CovarianceStats} for ratio metrics: y is the numerator, x the denominator. */
export type RatioStats = CovarianceStats;
