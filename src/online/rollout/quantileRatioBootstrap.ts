/** Percentile-bootstrap interval for the ratio of two samples' quantiles (e.g. p95 latency B / A). */
import type { Random } from '../../helpers/random.js';

/** Type-7 (linear interpolation, R's default and numpy's) quantile of an ascending-sorted array. */
function sortedQuantile(sorted: ArrayLike<number>, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

function resampledQuantile(values: ArrayLike<number>, probability: number, rng: Random, scratch: Float64Array): number {
  for (let i = 0; i < scratch.length; i++) scratch[i] = values[rng.int(values.length)];
  return sortedQuantile(scratch.sort(), probability);
}

/** Point estimate and percentile-bootstrap bounds of quantile(b) / quantile(a). */
export interface QuantileRatioInterval {
  estimate: number;
  lower: number;
  upper: number;
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
  const estimate = ratio(sortedQuantile(Float64Array.from(a).sort(), probability), sortedQuantile(Float64Array.from(b).sort(), probability));
  const scratchA = new Float64Array(a.length);
  const scratchB = new Float64Array(b.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    ratios[r] = ratio(resampledQuantile(a, probability, rng, scratchA), resampledQuantile(b, probability, rng, scratchB));
  }
  ratios.sort();
  return { estimate, lower: sortedQuantile(ratios, tail), upper: sortedQuantile(ratios, 1 - tail) };
}
