import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { SampleSummary } from '../core/summary.js';
import { ProportionStats } from './proportionStats.js';

/** Mean of one arm and the squared standard error of that mean, as the z-based comparisons use them. */
export interface ArmMoments {
  n: number;
  mean: number;
  /** Var(mean) = variance/n. */
  varianceOfMean: number;
}

/**
 * Moments of an arm for large-sample (z) comparisons. A {@link ProportionStats} uses the Bernoulli
 * variance p(1 − p), as statsmodels and R's prop.test do; any other {@link SampleSummary}
 * (MeanStats, a SQL row) uses its unbiased sample variance.
 * @throws {InsufficientDataError} for an empty proportion arm or a mean arm with n < 2.
 * @throws {InvalidArgumentError} if the summary's fields are not valid numbers.
 */
export function armMoments(name: string, stats: SampleSummary): ArmMoments {
  if (stats instanceof ProportionStats) {
    if (stats.n === 0) throw new InsufficientDataError(`${name}.n`, 0, 'an arm needs at least 1 unit');
    const p = stats.proportion;
    return { n: stats.n, mean: p, varianceOfMean: (p * (1 - p)) / stats.n };
  }
  if (typeof stats !== 'object' || stats === null) {
    throw new InvalidArgumentError(name, stats, 'expected MeanStats, ProportionStats or {n, mean, variance}');
  }
  const { n, mean } = stats;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`${name}.n`, n, 'expected an integer >= 0');
  }
  if (n < 2) throw new InsufficientDataError(`${name}.n`, n, 'a mean metric needs at least 2 observations per arm');
  const variance = stats.variance;
  if (typeof mean !== 'number' || !Number.isFinite(mean)) throw new InvalidArgumentError(`${name}.mean`, mean, 'expected a finite number');
  if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) {
    throw new InvalidArgumentError(`${name}.variance`, variance, 'expected a finite number >= 0');
  }
  return { n, mean, varianceOfMean: variance / n };
}
