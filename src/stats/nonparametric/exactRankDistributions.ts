/**
 * Exact permutation (null) distributions of rank statistics, computed by dynamic programming over
 * integer scores (doubled midranks). Probabilities are propagated directly rather than counts, so
 * nothing overflows, and tied midranks are handled exactly: the result is the conditional
 * distribution given the observed ties, which with no ties is the classical distribution.
 */
import type { Alternative } from '../../core/validate.js';

/**
 * Null distribution of the sum of the scores that receive a positive sign when each sign is an
 * independent fair coin (Wilcoxon signed-rank). Entry s is P(Σ positive scores = s).
 */
export function signedScoreSumDistribution(scores: readonly number[]): Float64Array {
  const total = scores.reduce((a, b) => a + b, 0);
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const score of scores) {
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= reach; s++) {
      if (dist[s] === 0) continue;
      next[s] += 0.5 * dist[s];
      next[s + score] += 0.5 * dist[s];
    }
    reach += score;
    dist = next;
  }
  return dist;
}

/**
 * Null distribution of the sum of `k` scores drawn without replacement from `scores`, every
 * subset equally likely (Wilcoxon–Mann–Whitney rank sum). Entry s is P(Σ chosen scores = s).
 * Uses f_i(j, s) = (j/i)·f_{i−1}(j−1, s − score_i) + ((i−j)/i)·f_{i−1}(j, s); O(N·k·Σscores).
 */
export function subsetScoreSumDistribution(scores: readonly number[], k: number): Float64Array {
  const total = scores.reduce((a, b) => a + b, 0);
  // layers[j][s]: probability that a random j-subset of the scores seen so far sums to s.
  let layers: Float64Array[] = [new Float64Array(total + 1)];
  layers[0][0] = 1;
  let seen = 0;
  for (const score of scores) {
    seen++;
    const next: Float64Array[] = [];
    for (let j = 0; j <= Math.min(k, seen); j++) {
      const row = new Float64Array(total + 1);
      if (j < layers.length) {
        const keep = layers[j];
        for (let s = 0; s <= total; s++) row[s] += ((seen - j) / seen) * keep[s];
      }
      if (j > 0) {
        const take = layers[j - 1];
        for (let s = 0; s + score <= total; s++) row[s + score] += (j / seen) * take[s];
      }
      next.push(row);
    }
    layers = next;
  }
  return layers[k];
}

/**
 * p-value of an observed value of a discrete statistic from its null distribution: upper tail
 * P(S ≥ s) for `'greater'`, lower tail P(S ≤ s) for `'less'`, and min(1, 2·smaller tail) for
 * `'two-sided'` (the doubling rule of scipy and R for these symmetric distributions).
 */
export function exactTailPValue(dist: Float64Array, observed: number, alternative: Alternative): number {
  let lower = 0;
  let upper = 0;
  // Sum each tail from its far end, small terms first, to keep tiny p-values accurate.
  for (let s = 0; s <= observed && s < dist.length; s++) lower += dist[s];
  for (let s = dist.length - 1; s >= observed && s >= 0; s--) upper += dist[s];
  if (alternative === 'greater') return Math.min(1, upper);
  if (alternative === 'less') return Math.min(1, lower);
  return Math.min(1, 2 * Math.min(lower, upper));
}
