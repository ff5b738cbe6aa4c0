import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger } from '../../core/validate.js';

/** Throws unless `vector` is a non-empty finite array of length k and `matrix` a finite k×k array. */
function checkVectorAndMatrix(vectorName: string, vector: unknown, matrixName: string, matrix: unknown): void {
  if (!Array.isArray(vector) || vector.length === 0) throw new InvalidArgumentError(vectorName, vector, 'expected a non-empty array of numbers');
  vector.forEach((v, i) => assertFiniteNumber(`${vectorName}[${i}]`, v));
  const k = vector.length;
  if (!Array.isArray(matrix) || matrix.length !== k || matrix.some((row) => !Array.isArray(row) || row.length !== k)) {
    throw new InvalidArgumentError(matrixName, matrix, `expected a ${k}×${k} matrix`);
  }
  (matrix as unknown[][]).forEach((row, i) => row.forEach((c, j) => assertFiniteNumber(`${matrixName}[${i}][${j}]`, c)));
}

/**
 * Mergeable sufficient statistics of k per-unit metrics: count n, the mean vector and the
 * co-moment matrix C[i][j] = Σ(v_i − v̄_i)(v_j − v̄_j). What a ratio metric with pre-period
 * CUPED needs (k = 4: numerator and denominator, post and pre). Immutable; `merge` uses the
 * multivariate form of Chan et al.'s update, C = Cₐ + Cᵦ + δδᵀ·nₐnᵦ/n.
 *
 * Reference: Pébay (2008) "Formulas for robust, one-pass parallel computation of covariances",
 * Sandia SAND2008-6212.
 *
 * @example
 * const s = MomentMatrixStats.fromSums(3, [6, 9], [[14, 20], [20, 29]]);
 * [s.mean, s.covariance(0, 1)]; // [[2, 3], 1]
 */
export class MomentMatrixStats {
  readonly n: number;
  readonly mean: readonly number[];
  readonly comoments: readonly (readonly number[])[];

  /** @throws {InvalidArgumentError} on a bad n, non-finite entries, or shapes that do not agree. */
  constructor(n: number, mean: readonly number[], comoments: readonly (readonly number[])[]) {
    assertInteger('n', n, 0);
    checkVectorAndMatrix('mean', mean, 'comoments', comoments);
    this.n = n;
    this.mean = [...mean];
    this.comoments = comoments.map((row) => [...row]);
  }

  /**
   * From SQL-style aggregates: n, Σv_i and the cross sums Σv_i·v_j (a symmetric k×k matrix).
   * @throws {InvalidArgumentError} on bad shapes or values, or a diagonal below (Σv_i)²/n beyond
   * rounding (no data has such sums).
   */
  static fromSums(n: number, sums: readonly number[], crossSums: readonly (readonly number[])[]): MomentMatrixStats {
    assertInteger('n', n, 1);
    checkVectorAndMatrix('sums', sums, 'crossSums', crossSums);
    const comoments = crossSums.map((row, i) => row.map((c: number, j: number) => {
      if (crossSums[j][i] !== c) throw new InvalidArgumentError(`crossSums[${i}][${j}]`, c, `expected a symmetric matrix (crossSums[${j}][${i}] = ${crossSums[j][i]})`);
      return c - (sums[i] * sums[j]) / n;
    }));
    comoments.forEach((row, i) => {
      if (row[i] < -1e-9 * Math.max(1, crossSums[i][i])) {
        throw new InvalidArgumentError(`crossSums[${i}][${i}]`, crossSums[i][i], `a sum of squares >= (sum)^2/n = ${(sums[i] * sums[i]) / n}: no data has these sums`);
      }
      row[i] = Math.max(0, row[i]);
    });
    return new MomentMatrixStats(n, sums.map((s) => s / n), comoments);
  }

  /** Statistics of the union of both samples. */
  merge(other: MomentMatrixStats): MomentMatrixStats {
    if (!(other instanceof MomentMatrixStats) || other.mean.length !== this.mean.length) {
      throw new InvalidArgumentError('other', other, `expected a MomentMatrixStats of ${this.mean.length} metrics`);
    }
    if (other.n === 0) return this;
    if (this.n === 0) return other;
    const n = this.n + other.n;
    const delta = this.mean.map((m, i) => other.mean[i] - m);
    const weight = (this.n * other.n) / n;
    return new MomentMatrixStats(n, this.mean.map((m, i) => m + (delta[i] * other.n) / n),
      this.comoments.map((row, i) => row.map((c, j) => c + other.comoments[i][j] + delta[i] * delta[j] * weight)));
  }

  /** Unbiased sample covariance of metrics i and j. @throws {InsufficientDataError} if n < 2. */
  covariance(i: number, j: number): number {
    if (this.n < 2) throw new InsufficientDataError('stats.n', this.n, 'sample covariances need at least 2 units');
    return this.comoments[i][j] / (this.n - 1);
  }
}
