import { InsufficientDataError } from '../../core/errors.js';
import type { TestResult } from '../core/htest.js';
import { makeTestResult } from '../core/htest.js';
import { checkAlternative, checkChoice, toFiniteArray, type Alternative } from '../../core/validate.js';
import { kolmogorovSf, probOneSidedPaths, probOutsideBand, probOutsideSquare } from './kolmogorovSmirnovDistribution.js';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsTwoSampleOptions {
  /** 'two-sided' (default), 'less' or 'greater', with scipy's meaning (see below). */
  alternative?: Alternative;
  /** 'auto' (default: exact when both samples have ≤ 10 000 values), 'exact' or 'asymp'. */
  method?: KsMethod;
}

/** scipy's MAX_AUTO_N: 'auto' is exact up to this sample size. */
const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

/** Round half to even, as numpy's np.round. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Index of the first element > value in ascending `sorted` (numpy searchsorted side='right'). */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Exact p-value for D = h/lcm, or NaN when the path counts overflow (scipy's _attempt_exact_2kssamp). */
function exactPValue(n1: number, n2: number, g: number, h: number, alternative: Alternative): number {
  if (h === 0) return 1;
  let p: number;
  if (alternative === 'two-sided') {
    p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  } else if (n1 === n2) {
    p = 1;
    for (let j = 0; j < h; j++) p *= (n1 - j) / (n1 + j + 1);
  } else {
    p = probOneSidedPaths(n1, n2, g, h);
  }
  return p >= 0 && p <= 1 ? p : NaN;
}

/**
 * Asymptotic p-value: two-sided from the one-sample Kolmogorov distribution with the effective size
 * round(m·n/(m+n)) (scipy.stats.kstwo.sf); one-sided from Hodges' (1958, eq. 5.3) correction
 * exp(−2z² − 2z(m + 2n)/(3√(mn(m+n)))), z = D·√(mn/(m+n)), m the larger sample.
 */
function asymptoticPValue(n1: number, n2: number, d: number, alternative: Alternative): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effective = (m * n) / (m + n);
  if (alternative === 'two-sided') {
    const size = roundHalfEven(effective);
    if (size < 1) {
      throw new InsufficientDataError('a', [n1, n2], "the asymptotic two-sided p-value needs round(nA·nB/(nA + nB)) >= 1 (scipy returns NaN); use method 'exact'");
    }
    return kolmogorovSf(size, d);
  }
  const z = Math.sqrt(effective) * d;
  return Math.exp(-2 * z * z - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3);
}

/**
 * Two-sample Kolmogorov–Smirnov test, computed as scipy.stats.ks_2samp (scipy 1.10).
 *
 * The statistic is the largest gap between the empirical CDFs: D = sup |F_a − F_b| (two-sided),
 * D⁺ = sup (F_a − F_b) ('greater': the CDF of a lies above that of b somewhere, i.e. a tends to
 * smaller values) or D⁻ = sup (F_b − F_a) ('less'). Ties are handled by evaluating both ECDFs at
 * every pooled value. Exact p-values count lattice paths (Hodges 1958; scipy's recursions, with
 * D rounded to a multiple of 1/lcm(n_a, n_b) as scipy does); when the counts overflow, or with
 * method 'asymp', the two-sided p-value uses the Kolmogorov distribution of
 * round(n_a·n_b/(n_a + n_b)) (Simard & L'Ecuyer 2011) and the one-sided one Hodges' approximation.
 * `details` holds the sample sizes, where the statistic is attained and its sign (+1 for F_a > F_b),
 * and whether the p-value is exact (true) or asymptotic (false).
 *
 * @throws {InvalidArgumentError} for non-finite values or bad options;
 *   {InsufficientDataError} for an empty sample, or for two single observations with method
 *   'asymp' and the two-sided alternative (scipy returns NaN there).
 * @example
 * ksTwoSample([1, 2, 3, 4, 5], [3.5, 6, 7, 8, 9, 10]).pValue; // 0.025974025974025972
 */
/** Details of {@link ksTwoSample}: sample sizes, where the statistic is attained, its sign, and whether p is exact. */
export type KsTwoSampleDetails = {
  nA: number;
  nB: number;
  statisticLocation: number;
  /** +1 when F_a − F_b attains the statistic, −1 when F_b − F_a does. */
  statisticSign: 1 | -1;
  exact: boolean;
};

export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>, options: KsTwoSampleOptions = {}): TestResult<KsTwoSampleDetails> {
  const alternative = checkAlternative(options.alternative);
  let method = checkChoice<KsMethod>('options.method', options.method, ['auto', 'exact', 'asymp'], 'auto');
  const x = Float64Array.from(toFiniteArray('a', a, 1)).sort();
  const y = Float64Array.from(toFiniteArray('b', b, 1)).sort();
  const n1 = x.length;
  const n2 = y.length;
  // ECDF differences at every pooled value, scanned in scipy's order so the reported location agrees.
  let maxDiff = -Infinity;
  let minDiff = Infinity;
  let maxAt = 0;
  let minAt = 0;
  for (const sample of [x, y]) {
    for (const value of sample) {
      const diff = upperBound(x, value) / n1 - upperBound(y, value) / n2;
      if (diff > maxDiff) { maxDiff = diff; maxAt = value; }
      if (diff < minDiff) { minDiff = diff; minAt = value; }
    }
  }
  const minS = Math.min(1, Math.max(0, -minDiff));
  const useMin = alternative === 'less' || (alternative === 'two-sided' && minS > maxDiff);
  let d = useMin ? minS : maxDiff;
  const g = gcd(n1, n2);
  if (method === 'auto') method = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) method = 'asymp';
  let pValue = NaN;
  if (method === 'exact') {
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    pValue = exactPValue(n1, n2, g, h, alternative);
    if (Number.isNaN(pValue)) method = 'asymp';
  }
  if (method === 'asymp') pValue = asymptoticPValue(n1, n2, d, alternative);
  return makeTestResult({
    method: `Two-sample Kolmogorov-Smirnov test (${method === 'exact' ? 'exact' : 'asymptotic'})`,
    statistic: d,
    statisticName: alternative === 'two-sided' ? 'D' : alternative === 'greater' ? 'D^+' : 'D^-',
    pValue: Math.min(1, Math.max(0, pValue)),
    alternative,
    dataName: 'a and b',
    details: {
      nA: n1,
      nB: n2,
      statisticLocation: useMin ? minAt : maxAt,
      statisticSign: useMin ? -1 : 1,
      exact: method === 'exact',
    },
  });
}
