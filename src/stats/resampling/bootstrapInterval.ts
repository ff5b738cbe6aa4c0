import { normalCdf, normalQuantile } from '../core/distributions.js';
import { InsufficientDataError } from '../../core/errors.js';
import type { Alternative } from '../../core/validate.js';
import { fractionBelow, linearQuantile } from '../core/quantile.js';

/** How a bootstrap distribution is turned into a confidence interval. */
export type BootstrapMethod = 'percentile' | 'basic' | 'bca';
export const BOOTSTRAP_METHODS: readonly BootstrapMethod[] = ['percentile', 'basic', 'bca'];

/** Inputs of {@link bootstrapInterval}. */
export interface BootstrapIntervalInput {
  /** Statistic on each resample (any order). */
  distribution: ArrayLike<number>;
  /** Statistic on the original data. */
  estimate: number;
  method: BootstrapMethod;
  confidenceLevel: number;
  alternative: Alternative;
  /** Leave-one-out statistics, one array per independently resampled sample (BCa only). */
  jackknife?: readonly ArrayLike<number>[];
}

/** Interval bounds, plus BCa's bias correction z0 and acceleration a when method is 'bca'. */
export interface BootstrapInterval {
  lower: number;
  upper: number;
  biasCorrection?: number;
  acceleration?: number;
}

/**
 * Confidence interval from a bootstrap distribution, with scipy.stats.bootstrap's formulas
 * (scipy 1.10 for two-sided intervals; one-sided as added in scipy 1.11, where α = 1 − level and the
 * other bound is infinite):
 * - percentile: the α and 1 − α quantiles of the distribution (numpy 'linear' quantiles);
 * - basic: 2θ̂ minus the percentile bounds, swapped;
 * - bca: quantiles at Φ(z0 + (z0 + z)/(1 − a(z0 + z))) for z = z_α, z_{1−α}, where z0 = Φ⁻¹(fraction of
 *   the distribution below θ̂, ties half) and a is the jackknife acceleration (Efron 1987).
 *
 * Internal building block, exported for tests that replay scipy's resamples.
 *
 * @throws {InsufficientDataError} when BCa is undefined (degenerate bootstrap or jackknife distribution).
 */
export function bootstrapInterval(input: BootstrapIntervalInput): BootstrapInterval {
  const sorted = Float64Array.from(input.distribution).sort();
  const { estimate, method, alternative } = input;
  const alpha = alternative === 'two-sided' ? (1 - input.confidenceLevel) / 2 : 1 - input.confidenceLevel;
  let lowerProbability = alpha;
  let upperProbability = 1 - alpha;
  let biasCorrection: number | undefined;
  let acceleration: number | undefined;
  if (method === 'bca') {
    biasCorrection = normalQuantile(fractionBelow(sorted, estimate));
    acceleration = jackknifeAcceleration(input.jackknife ?? []);
    lowerProbability = bcaProbability(biasCorrection, acceleration, normalQuantile(alpha));
    upperProbability = bcaProbability(biasCorrection, acceleration, -normalQuantile(alpha));
    if (Number.isNaN(lowerProbability) || Number.isNaN(upperProbability)) {
      throw new InsufficientDataError('data', input.estimate,
        'the BCa interval is undefined for this degenerate bootstrap distribution (e.g. constant data); use method \'percentile\'');
    }
  }
  let lower = linearQuantile(sorted, lowerProbability);
  let upper = linearQuantile(sorted, upperProbability);
  if (method === 'basic') [lower, upper] = [2 * estimate - upper, 2 * estimate - lower];
  if (alternative === 'less') lower = -Infinity;
  if (alternative === 'greater') upper = Infinity;
  return method === 'bca' ? { lower, upper, biasCorrection, acceleration } : { lower, upper };
}

/** BCa's adjusted tail probability Φ(z0 + (z0 + z)/(1 − a(z0 + z))); NaN when a degenerate distribution leaves it undefined. */
function bcaProbability(z0: number, a: number, z: number): number {
  const shifted = z0 + z;
  const x = z0 + shifted / (1 - a * shifted);
  return Number.isNaN(x) ? NaN : normalCdf(x);
}

/**
 * Jackknife acceleration a = Σ_j Σ_i U_ji³ / n_j³ ÷ (6 (Σ_j Σ_i U_ji² / n_j²)^{3/2}) with
 * U_ji = (n_j − 1)(θ̄_j − θ_(i)) for leave-one-out statistics θ_(i) of sample j
 * (Efron & Tibshirani 1993, eq. 14.15; multi-sample sum as in scipy).
 * Returns NaN when every U is zero.
 */
export function jackknifeAcceleration(jackknife: readonly ArrayLike<number>[]): number {
  let cubes = 0;
  let squares = 0;
  for (const values of jackknife) {
    const n = values.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i];
    mean /= n;
    let sampleCubes = 0;
    let sampleSquares = 0;
    for (let i = 0; i < n; i++) {
      const u = (n - 1) * (mean - values[i]);
      sampleSquares += u * u;
      sampleCubes += u * u * u;
    }
    cubes += sampleCubes / n ** 3;
    squares += sampleSquares / n ** 2;
  }
  return cubes / squares ** 1.5 / 6;
}
