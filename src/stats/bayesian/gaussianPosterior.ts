import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertPositive } from '../../core/validate.js';
import type { SampleSummary } from '../core/summary.js';
import { makeGaussianPosterior, type GaussianPosterior } from './posterior.js';

/** Normal prior on the mean of a continuous metric. */
export interface GaussianPrior {
  mean: number;
  variance: number;
}

/**
 * Posterior of the mean of a continuous metric (revenue per user, latency, a model score) from a
 * sample summary, treating the sample variance s² as the known data variance (the large-sample
 * normal model; Gelman et al., Bayesian Data Analysis, 3rd ed., §2.5):
 * with a Normal(m₀, v₀) prior the posterior precision is 1/v₀ + n/s² and the posterior mean is the
 * precision-weighted average (m₀/v₀ + n·x̄/s²)/(1/v₀ + n/s²); with the flat prior it is
 * Normal(x̄, s²/n).
 *
 * @param prior a Normal prior, or `'flat'` (default).
 * @throws {InvalidArgumentError} when n is not an integer ≥ 1, the mean is not finite, the variance
 *   or the prior variance is not > 0.
 * @example
 * gaussianPosterior({ n: 100, mean: 5, variance: 4 }).variance; // 0.04
 * gaussianPosterior({ n: 100, mean: 5, variance: 4 }, { mean: 0, variance: 0.04 }).mean; // 2.5
 */
export function gaussianPosterior(summary: SampleSummary, prior: GaussianPrior | 'flat' = 'flat'): GaussianPosterior {
  if (typeof summary !== 'object' || summary === null) throw new InvalidArgumentError('summary', summary, 'expected a sample summary { n, mean, variance }');
  assertInteger('summary.n', summary.n, 1);
  assertFiniteNumber('summary.mean', summary.mean);
  assertPositive('summary.variance', summary.variance);
  const dataPrecision = summary.n / summary.variance;
  if (prior === 'flat') return makeGaussianPosterior(summary.mean, 1 / dataPrecision);
  if (typeof prior !== 'object' || prior === null) {
    throw new InvalidArgumentError('prior', prior, "expected 'flat' or a normal prior {mean, variance}");
  }
  assertFiniteNumber('prior.mean', prior.mean);
  assertPositive('prior.variance', prior.variance);
  const precision = 1 / prior.variance + dataPrecision;
  return makeGaussianPosterior((prior.mean / prior.variance + dataPrecision * summary.mean) / precision, 1 / precision);
}
