/**
 * Hodges–Lehmann estimate of the centre of symmetry of paired differences (the pseudo-median) and
 * its distribution-free confidence interval, exactly as R's wilcox.test(conf.int = TRUE) computes
 * them for one sample (Hollander, Wolfe & Chicken 2014, §3.2–3.3; Bauer 1972).
 */
import type { ConfidenceInterval } from '../core/htest.js';
import { normalQuantile } from '../core/distributions.js';
import { linearQuantile } from '../core/quantile.js';
import type { Alternative } from '../../core/validate.js';
import { signedScoreSumDistribution } from './exactRankDistributions.js';
import { doubledMidranks } from './ranks.js';
import { continuityShift, signedRankNullSd } from './signedRankNormal.js';

export interface PseudoMedianEstimate {
  /** Median of the Walsh averages (xᵢ + xⱼ)/2, i ≤ j. */
  estimate: number;
  /** Omitted when every difference is equal (the statistic has no spread to invert). */
  ci?: ConfidenceInterval;
}

function sortedWalshAverages(x: readonly number[]): Float64Array {
  const walsh = new Float64Array((x.length * (x.length + 1)) / 2);
  let k = 0;
  for (let i = 0; i < x.length; i++) for (let j = i; j < x.length; j++) walsh[k++] = (x[i] + x[j]) / 2;
  return walsh.sort();
}

/** R's signif(x, 2), used to report an achievable confidence level. */
function signif2(x: number): number {
  return Number(x.toPrecision(2));
}

/**
 * Exact interval: order statistics of the Walsh averages at the signed-rank quantile
 * q = qsignrank(α/2, n) (α for one-sided), i.e. [W₍q₎, W₍M+1−q₎] with M = n(n+1)/2.
 */
function exactInterval(walsh: Float64Array, n: number, alternative: Alternative, level: number): ConfidenceInterval {
  const alpha = 1 - level;
  const dist = signedScoreSumDistribution(Array.from({ length: n }, (_, i) => i + 1));
  const cdf = (q: number): number => { let p = 0; for (let s = 0; s <= q; s++) p += dist[s]; return p; };
  const target = alternative === 'two-sided' ? alpha / 2 : alpha;
  // qsignrank: smallest q with P(V ≤ q) ≥ target (R's fuzz of 10 ε included); at least 1.
  let q = 0;
  while (cdf(q) < target - 10 * Number.EPSILON) q++;
  q = Math.max(q, 1);
  const m = walsh.length;
  const achieved = (alternative === 'two-sided' ? 2 : 1) * cdf(q - 1);
  const reported = achieved - alpha > alpha / 2 ? 1 - signif2(achieved) : level;
  return {
    lower: alternative === 'less' ? -Infinity : walsh[q - 1],
    upper: alternative === 'greater' ? Infinity : walsh[m - q],
    level: reported,
  };
}

/** R's standardized signed-rank statistic of x − d (zeros dropped, ties corrected). */
function standardizedStatistic(x: readonly number[], d: number, alternative: Alternative, correct: boolean): number {
  const shifted = x.map((v) => v - d).filter((v) => v !== 0);
  const { doubled, tieSizes } = doubledMidranks(shifted.map(Math.abs));
  const n = shifted.length;
  const rPlus = shifted.reduce((sum, v, i) => (v > 0 ? sum + doubled[i] / 2 : sum), 0);
  const centred = rPlus - (n * (n + 1)) / 4;
  return (centred - (correct ? continuityShift(alternative, centred) : 0)) / signedRankNullSd(n, 0, tieSizes);
}

/**
 * Asymptotic interval: the shifts d where the normal-approximation statistic W(d) crosses the
 * normal quantiles. W(d) is a non-increasing step function jumping only at Walsh averages, so
 * instead of R's uniroot we locate the jump exactly by bisection over the sorted Walsh averages
 * (R's root agrees up to its tolerance 1e-4). R's widening of α when the requested level is not
 * achievable is reproduced.
 */
function asymptoticInterval(x: readonly number[], walsh: Float64Array, alternative: Alternative,
  level: number, correct: boolean): ConfidenceInterval | undefined {
  const sortedX = [...x].sort((a, b) => a - b);
  const lowest = sortedX[0];
  const highest = sortedX[sortedX.length - 1];
  if (lowest === highest) return undefined;
  const statistic = (d: number): number => standardizedStatistic(x, d, alternative, correct);
  const atLowest = statistic(lowest);
  const atHighest = statistic(highest);
  const unique = Array.from(new Set(walsh));
  // Smallest Walsh average after which W drops below zq.
  const root = (zq: number): number => {
    let lo = 0;
    let hi = unique.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (statistic((unique[mid] + unique[mid + 1]) / 2) < zq) hi = mid; else lo = mid + 1;
    }
    return unique[lo];
  };
  let alpha = 1 - level;
  const upperQuantile = (p: number): number => -normalQuantile(p);
  if (alternative === 'two-sided') {
    while (atLowest - upperQuantile(alpha / 2) < 0 || atHighest + upperQuantile(alpha / 2) > 0) alpha *= 2;
  } else if (alternative === 'greater') {
    while (atLowest - upperQuantile(alpha) < 0) alpha *= 2;
  } else {
    while (atHighest + upperQuantile(alpha / 2) > 0) alpha *= 2;
  }
  const reported = alpha >= 1 || 1 - level < alpha * 0.75 ? 1 - Math.min(1, alpha) : level;
  const fallback = linearQuantile(sortedX, 0.5);
  const tail = alternative === 'two-sided' ? alpha / 2 : alpha;
  const lower = alpha < 1 ? root(upperQuantile(tail)) : fallback;
  const upper = alpha < 1 ? root(-upperQuantile(tail)) : fallback;
  return {
    lower: alternative === 'less' ? -Infinity : lower,
    upper: alternative === 'greater' ? Infinity : upper,
    level: reported,
  };
}

/**
 * Pseudo-median of `differences` (zeros already removed, on the original scale) with its
 * confidence interval; `exact` selects the exact order-statistic interval (no ties, no zeros),
 * otherwise the asymptotic one with R's `correct` continuity correction.
 */
export function pseudoMedian(differences: readonly number[], alternative: Alternative, level: number,
  exact: boolean, correct: boolean): PseudoMedianEstimate {
  const walsh = sortedWalshAverages(differences);
  const estimate = linearQuantile(walsh, 0.5);
  const ci = exact
    ? exactInterval(walsh, differences.length, alternative, level)
    : asymptoticInterval(differences, walsh, alternative, level, correct);
  return { estimate, ci };
}
