/** Percentile-bootstrap interval for the ratio of two samples' quantiles (e.g. p95 latency B / A). */
import type { Random } from '../../core/random.js';
import type { ConfidenceInterval } from '../../stats/core/htest.js';
import { linearQuantile } from '../../stats/core/quantile.js';

function resampledQuantile(values: ArrayLike<number>, probability: number, rng: Random, scratch: Float64Array): number {
  for (let i = 0; i < scratch.length; i++) scratch[i] = values[rng.int(values.length)];
  return linearQuantile(scratch.sort(), probability);
}

/**
 * Point estimate and percentile-bootstrap bounds of quantile(b) / quantile(a); each bound is a
 * one-sided (1 − tail) bound, so the two together form a level 1 − 2·tail interval.
 */
export interface QuantileRatioInterval extends ConfidenceInterval {
  estimate: number;
}

/**
 * Resamples both samples independently `resamples` times and takes the `tail` and `1 − tail`
 * percentiles of the quantile ratio (Efron & Tibshirani 1993, ch. 13). With `tail = alpha` the
 * bounds are one-sided (1 − alpha) bounds. Samples must be non-empty with positive quantiles.
 */
export function quantileRatioBootstrap(
  a: ArrayLike<number>, b: ArrayLike<number>, probability: number, resamples: number, tail: number, rng: Random,
): QuantileRatioInterval {
  const ratio = (qa: number, qb: number) => qb / qa;
  const estimate = ratio(linearQuantile(Float64Array.from(a).sort(), probability), linearQuantile(Float64Array.from(b).sort(), probability));
  const scratchA = new Float64Array(a.length);
  const scratchB = new Float64Array(b.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    ratios[r] = ratio(resampledQuantile(a, probability, rng, scratchA), resampledQuantile(b, probability, rng, scratchB));
  }
  ratios.sort();
  return { estimate, lower: linearQuantile(ratios, tail), upper: linearQuantile(ratios, 1 - tail), level: 1 - 2 * tail };
}
