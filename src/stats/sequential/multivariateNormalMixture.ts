/**
 * Robbins' normal mixture in d dimensions: an always-valid test that a vector of effects is zero.
 * For an estimate θ̂ ~ N(θ, V) from n units (V ≈ Σ/n, Σ the per-unit covariance), mixing the
 * likelihood ratio over θ ~ N(0, τ²Σ) gives the nonnegative martingale (under θ = 0)
 *   Λ = (1 + r)^(−d/2) · exp( W·r / (2(1 + r)) ),   W = θ̂ᵀV⁻¹θ̂,   r = n·τ²,
 * i.e. (1 + nτ²)^(−d/2)·exp(n²τ²·x̄ᵀΣ⁻¹x̄ / (2(1 + nτ²))); d = 1 is the univariate mixture of
 * normalMixture.ts. Ville's inequality P(sup Λ ≥ 1/α) ≤ α makes min(1, 1/Λ) an always-valid p-value.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertOpenUnitInterval, assertPositive, toFiniteArray } from '../../core/validate.js';
import { chiSquareSf } from '../core/distributions.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import { logGamma } from '../core/special.js';

/** ln Λ for the Wald statistic W = θ̂ᵀV⁻¹θ̂ in `dimension` d and information ratio r = n·τ². */
export function logMultivariateMixtureLikelihoodRatio(wald: number, dimension: number, ratio: number): number {
  return (0.5 * wald * ratio) / (1 + ratio) - 0.5 * dimension * Math.log1p(ratio);
}

/** The Wald statistic at which Λ reaches 1/α: (1 + 1/r)·(d·ln(1 + r) + 2·ln(1/α)). */
export function multivariateMixtureThreshold(dimension: number, ratio: number, alpha: number): number {
  return (1 + 1 / ratio) * (dimension * Math.log1p(ratio) - 2 * Math.log(alpha));
}

/** Cholesky factor L (lower, L·Lᵀ = A) of a symmetric matrix, or null when A is not positive definite. */
function cholesky(matrix: readonly (readonly number[])[]): number[][] | null {
  const d = matrix.length;
  const lower = matrix.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (i === j) {
        // Relative tolerance: a pivot lost to rounding means the matrix is singular for our purposes.
        if (!(sum > 1e-12 * Math.abs(matrix[i][i]))) return null;
        lower[i][i] = Math.sqrt(sum);
      } else {
        lower[i][j] = sum / lower[j][j];
      }
    }
  }
  return lower;
}

/**
 * The quadratic form xᵀA⁻¹x of a symmetric positive definite A (by Cholesky: |L⁻¹x|²).
 * @throws {InsufficientDataError} when A is not positive definite (named `name`).
 */
export function inverseQuadraticForm(name: string, vector: readonly number[], matrix: readonly (readonly number[])[]): number {
  const lower = cholesky(matrix);
  if (!lower) throw new InsufficientDataError(name, matrix.map((row) => row.map((v) => Number(v.toPrecision(4)))), 'the covariance matrix is singular (not positive definite)');
  const solved: number[] = [];
  let form = 0;
  vector.forEach((x, i) => {
    let value = x;
    for (let k = 0; k < i; k++) value -= lower[i][k] * solved[k];
    solved.push(value / lower[i][i]);
    form += solved[i] ** 2;
  });
  return form;
}

/** Options of {@link multivariateNormalMixtureTest}. */
export interface MultivariateMixtureOptions {
  /** The estimate θ̂ (d ≥ 1 components). */
  estimate: readonly number[];
  /** Its estimated covariance V (d × d, symmetric positive definite). */
  covariance: readonly (readonly number[])[];
  /** The number of units n behind the estimate (information scale: the per-unit covariance is n·V). */
  units: number;
  /** τ²: prior θ ~ N(0, τ²·nV), the squared standardized effect per unit and dimension the test is tuned to. */
  mixingVariance: number;
  /** Error rate of the decision `rejected` (Λ ≥ 1/α). Default 0.05. */
  alpha?: number;
}

/** What {@link multivariateNormalMixtureTest} reports beside the htest fields. */
export type MultivariateMixtureDetails = { logLikelihoodRatio: number; threshold: number; ratio: number; rejected: boolean };

/**
 * Always-valid test of θ = 0 for a d-dimensional asymptotically normal estimate θ̂ with covariance
 * V from n units: Wald statistic W = θ̂ᵀV⁻¹θ̂, mixture likelihood ratio
 * Λ = (1 + r)^(−d/2)·exp(W·r/(2(1 + r))), r = n·τ² (prior θ ~ N(0, τ²·nV), Robbins' normal
 * mixture in d dimensions); p-value min(1, 1/Λ), rejected when Λ ≥ 1/α, i.e. W ≥
 * (1 + 1/r)(d·ln(1 + r) + 2·ln(1/α)). Λ is a nonnegative martingale in information time when θ = 0,
 * so by Ville's inequality the chance of ever rejecting, however often one looks, is ≤ α
 * (asymptotically, as V is estimated and the estimate is a sum over units). For d = 1 it is the
 * univariate normal mixture of {@link normalMixtureInterval} with τ² scaled by the per-unit variance.
 * References: Robbins (1970), "Statistical methods related to the law of the iterated logarithm",
 * Ann. Math. Statist. 41(5); Pace & Salvan (2020), "Likelihood, replicability and Robbins'
 * confidence sequences", Int. Statist. Rev. 88(3) (the multiparameter mixture); Waudby-Smith,
 * Arbour, Sinha, Kennedy & Ramdas (2023), "Time-uniform central limit theory and asymptotic
 * confidence sequences" (validity with estimated variances).
 * @throws {InvalidArgumentError} on a non-finite estimate, a covariance that is not square and
 *   finite, an estimate whose length is not the covariance's size, units or τ² that are not positive, alpha outside (0, 1).
 * @throws {InsufficientDataError} when the covariance is not positive definite.
 * @example
 * const r = multivariateNormalMixtureTest({ estimate: [0.04, -0.03], covariance: [[1e-4, 0], [0, 1e-4]], units: 1000, mixingVariance: 0.01 });
 * [r.statistic.toFixed(3), r.pValue.toFixed(6)] // ['25.000', '0.000128']
 */
export function multivariateNormalMixtureTest(options: MultivariateMixtureOptions): TestResult<MultivariateMixtureDetails> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {estimate, covariance, units, mixingVariance}');
  const estimate = toFiniteArray('options.estimate', options.estimate, 1);
  const { covariance, units, mixingVariance } = options;
  // The covariance's own shape first, so a square covariance of another size than the estimate names the estimate.
  if (!Array.isArray(covariance) || covariance.length === 0) throw new InvalidArgumentError('options.covariance', covariance, 'expected a non-empty square matrix');
  const d = covariance.length;
  covariance.forEach((row, i) => {
    if (toFiniteArray(`options.covariance[${i}]`, row, 1).length !== d) throw new InvalidArgumentError(`options.covariance[${i}]`, row, `expected ${d} entries (a ${d} × ${d} matrix)`);
  });
  if (estimate.length !== d) throw new InvalidArgumentError('options.estimate', options.estimate, `expected ${d} components to match the ${d} × ${d} options.covariance`);
  assertPositive('options.units', units);
  assertPositive('options.mixingVariance', mixingVariance);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const wald = inverseQuadraticForm('options.covariance', estimate, covariance);
  const ratio = units * mixingVariance;
  const logLikelihoodRatio = logMultivariateMixtureLikelihoodRatio(wald, d, ratio);
  return makeTestResult({
    method: 'Multivariate normal-mixture sequential test (always valid)',
    statistic: wald,
    statisticName: 'Wald X-squared',
    df: d,
    pValue: Math.min(1, Math.exp(-logLikelihoodRatio)),
    alternative: 'two-sided',
    details: { logLikelihoodRatio, threshold: multivariateMixtureThreshold(d, ratio, alpha), ratio, rejected: logLikelihoodRatio >= -Math.log(alpha) },
  });
}

/**
 * Survival function of the noncentral chi-square distribution, P(χ²_d(λ) > x), as the Poisson
 * mixture Σⱼ e^(−λ/2)(λ/2)ʲ/j! · P(χ²_(d+2j) > x) (Johnson, Kotz & Balakrishnan 1995, ch. 29),
 * summed from the Poisson mode outwards on both sides until the weights fall below 1e-17.
 * @throws {InvalidArgumentError} on x or λ negative or not finite, d not positive.
 * @example noncentralChiSquareSf(10, 3, 2).toFixed(6) // '0.101435' (scipy.stats.ncx2.sf)
 */
export function noncentralChiSquareSf(x: number, df: number, noncentrality: number): number {
  assertFiniteNumber('x', x);
  assertPositive('df', df);
  assertFiniteNumber('noncentrality', noncentrality);
  if (noncentrality < 0) throw new InvalidArgumentError('noncentrality', noncentrality, 'expected λ >= 0');
  if (x <= 0) return 1;
  const half = noncentrality / 2;
  if (half === 0) return chiSquareSf(x, df);
  const mode = Math.floor(half);
  const logWeight = (j: number) => -half + j * Math.log(half) - logGamma(j + 1);
  let total = 0;
  for (let j = mode; ; j++) {
    const w = Math.exp(logWeight(j));
    total += w * chiSquareSf(x, df + 2 * j);
    if (w < 1e-17 && j > half + 10) break;
  }
  for (let j = mode - 1; j >= 0; j--) {
    const w = Math.exp(logWeight(j));
    total += w * chiSquareSf(x, df + 2 * j);
    if (w < 1e-17) break;
  }
  return Math.min(1, total);
}

/**
 * Probability that {@link multivariateNormalMixtureTest} rejects at a look where the true effect
 * has noncentrality λ = θᵀV⁻¹θ: P(χ²_d(λ) ≥ W*), W* = (1 + 1/r)(d·ln(1 + r) + 2·ln(1/α)),
 * r = n·τ² (normal approximation). It may reject at an earlier look too, so this is a lower
 * bound on the probability of rejection by that look: the power a monitoring design states.
 * @throws {InvalidArgumentError} on λ negative, d not a positive integer, units or τ² not positive, alpha outside (0, 1).
 * @example multivariateNormalMixturePower({ noncentrality: 30, dimension: 4, units: 1000, mixingVariance: 0.01 }).toFixed(4) // '0.9509'
 */
export function multivariateNormalMixturePower(options: { noncentrality: number; dimension: number; units: number; mixingVariance: number; alpha?: number }): number {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {noncentrality, dimension, units, mixingVariance}');
  const { noncentrality, dimension, units, mixingVariance } = options;
  assertFiniteNumber('options.noncentrality', noncentrality);
  if (noncentrality < 0) throw new InvalidArgumentError('options.noncentrality', noncentrality, 'expected λ >= 0');
  assertInteger('options.dimension', dimension, 1);
  assertPositive('options.units', units);
  assertPositive('options.mixingVariance', mixingVariance);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  return noncentralChiSquareSf(multivariateMixtureThreshold(dimension, units * mixingVariance, alpha), dimension, noncentrality);
}
