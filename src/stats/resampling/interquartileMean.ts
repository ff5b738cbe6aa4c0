import { toFiniteArray } from '../../core/validate.js';

/**
 * Interquartile mean: the mean of the middle 50 % of the values, i.e. scipy.stats.trim_mean(x, 0.25)
 * on the flattened scores (rliable's IQM). ⌊n/4⌋ values are cut from each end of the sorted scores.
 * Robust to outlier runs yet, unlike the median, uses half the data.
 *
 * Reference: R. Agarwal, M. Schwarzer, P. S. Castro, A. Courville, M. G. Bellemare (2021), "Deep
 * reinforcement learning at the edge of the statistical precipice", NeurIPS 34.
 *
 * @param scores values, or a runs × tasks table (flattened).
 * @throws {InvalidArgumentError} NaN/Infinity or non-numeric entries.
 * @throws {InsufficientDataError} no values.
 * @example
 * interquartileMean([1, 2, 3, 4, 5, 6, 7, 100]); // 4.5
 */
export function interquartileMean(scores: ArrayLike<number> | readonly ArrayLike<number>[]): number {
  const rows = Array.isArray(scores) && scores.length > 0 && scores.every((row) => typeof row === 'object' && row !== null)
    ? (scores as readonly ArrayLike<number>[]).map((row, r) => toFiniteArray(`scores[${r}]`, row)).flat()
    : toFiniteArray('scores', scores);
  return interquartileMeanInPlace(Float64Array.from(rows));
}

/** IQM of `values`, sorting them in place (for bootstrap loops that own a scratch buffer). */
export function interquartileMeanInPlace(values: Float64Array): number {
  values.sort();
  const cut = Math.floor(values.length / 4);
  const count = values.length - 2 * cut;
  let sum = 0;
  for (let i = cut; i < values.length - cut; i++) sum += values[i];
  if (Number.isFinite(sum)) return sum / count;
  // The sum overflowed (values near ±1.8e308): average values pre-divided by the count instead.
  let mean = 0;
  for (let i = cut; i < values.length - cut; i++) mean += values[i] / count;
  return mean;
}
