/** Order-statistic helpers shared by the bootstrap, drift, Bayesian and rollout code. */

/**
 * `numpy.percentile(sorted, 100·q)` with numpy's default 'linear' method (Hyndman & Fan 1996,
 * definition 7): interpolate between the order statistics around position q·(n − 1).
 * `sorted` must be ascending and non-empty; q ∈ [0, 1]. Uses numpy's two-sided lerp so results
 * agree with numpy to the last bit.
 */
export function linearQuantile(sorted: ArrayLike<number>, q: number): number {
  const last = sorted.length - 1;
  const position = q * last;
  const below = Math.floor(position);
  if (below >= last) return sorted[last];
  const weight = position - below;
  const a = sorted[below];
  const b = sorted[below + 1];
  const span = b - a;
  return weight >= 0.5 ? b - span * (1 - weight) : a + span * weight;
}

/**
 * Fraction of `sorted` below `score`, counting ties as half: (#{x < score} + #{x ≤ score}) / (2n),
 * the 'mean' kind of `scipy.stats.percentileofscore` as a fraction (what scipy's BCa uses).
 */
export function fractionBelow(sorted: ArrayLike<number>, score: number): number {
  return (countBelow(sorted, score, false) + countBelow(sorted, score, true)) / (2 * sorted.length);
}

/** Number of entries of ascending `sorted` that are < score (or ≤ score when `inclusive`), by bisection. */
function countBelow(sorted: ArrayLike<number>, score: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < score || (inclusive && sorted[mid] === score)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
