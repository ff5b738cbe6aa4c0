import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { normalCdf, normalSf } from '../core/distributions.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import {
  assertFiniteNumber, assertSameLength, checkAlternative, checkChoice, checkConfidenceLevel, toFiniteArray,
  type Alternative,
} from '../../core/validate.js';
import { exactTailPValue, signedScoreSumDistribution } from './exactRankDistributions.js';
import { pseudoMedian } from './hodgesLehmann.js';
import { doubledMidranks, hasTies } from './ranks.js';
import { continuityShift, signedRankNullSd } from './signedRankNormal.js';

/** How zero differences are treated (scipy's `zero_method`). */
export type ZeroMethod = 'wilcox' | 'pratt' | 'zsplit';

export interface WilcoxonSignedRankOptions {
  alternative?: Alternative;
  /** `'wilcox'` (default) drops zeros; `'pratt'` ranks them then drops them; `'zsplit'` splits their ranks between signs. */
  zeroMethod?: ZeroMethod;
  /** Continuity correction of the normal approximation (default false, as scipy). */
  correction?: boolean;
  /** `'auto'` (default), `'exact'` or `'approx'`; see {@link wilcoxonSignedRank}. */
  method?: 'exact' | 'approx' | 'auto';
  /** Null value of the location shift: the test uses a − b − mu (default 0, as R's `mu`). */
  mu?: number;
  /** Also compute the Hodges–Lehmann pseudo-median and its interval (default false, as R's `conf.int`). */
  confInt?: boolean;
  /** Level of that interval (default 0.95). */
  confidenceLevel?: number;
}

/** Distribution actually used after applying the `'auto'` rule and the zero fallback. */
function resolveMethod(requested: 'exact' | 'approx' | 'auto', n: number, zeroCount: number, ties: boolean): 'exact' | 'approx' {
  if (zeroCount > 0) return 'approx';
  if (requested === 'auto') return n <= 50 && !ties ? 'exact' : 'approx';
  return requested;
}

/**
 * Wilcoxon signed-rank test that paired differences d = a − b − mu are symmetric about 0.
 *
 * The differences are ranked by absolute value (midranks for ties); r+ (R's V) and r− are the
 * rank sums of the positive and negative differences. Follows scipy.stats.wilcoxon 1.10:
 * - statistic: min(r+, r−) for a two-sided test, r+ for a one-sided one;
 * - zeros: `'wilcox'` discards them, `'pratt'` ranks them with the others then discards their
 *   ranks (Pratt 1959, variance of Cureton 1967), `'zsplit'` gives half of their ranks to each sign;
 * - `'approx'`: z = (T − n(n+1)/4 − cc)/σ with σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48, cc the
 *   optional ±0.5 continuity correction; p from the normal distribution;
 * - `'exact'`: the permutation distribution of r+ (every sign pattern equally likely), computed by
 *   counting in O(n³) time; two-sided p = min(1, 2·smaller tail). With zero differences scipy
 *   (and this function) falls back to the normal approximation.
 * Deliberate differences from scipy 1.10: `'auto'` uses the exact distribution only when n ≤ 50
 * and there are neither zeros nor ties (scipy 1.10 also takes the exact path with ties, where it
 * truncates the non-integer r+); with ties and `method: 'exact'` the exact conditional
 * permutation distribution of the midranks is used (scipy 1.10 truncates r+).
 *
 * `details` holds V = r+, rMinus, n (differences ranked), z (normal approximation only),
 * exact (true when the exact distribution was used) and rankBiserial = (r+ − r−)/(r+ + r−), the
 * matched-pairs rank-biserial correlation (Kerby 2014). With `confInt`, `estimate` is the
 * Hodges–Lehmann pseudo-median (median of the Walsh averages) and `ci` its interval, as R's
 * wilcox.test(conf.int = TRUE): exact order statistics of the Walsh averages when the exact
 * distribution is used, otherwise the inversion of the normal approximation (zeros dropped).
 *
 * References: Wilcoxon (1945), Biometrics Bulletin 1:80–83; Hollander, Wolfe & Chicken (2014),
 * Nonparametric Statistical Methods, 3rd ed., §3.1–3.3; Pratt (1959), JASA 54:655–667.
 *
 * @param a differences, or the first paired sample when `b` is given.
 * @param b optional second paired sample (same length as `a`).
 * @throws {InvalidArgumentError} on NaN/Infinity, length mismatch or an unknown option.
 * @throws {InsufficientDataError} when `a` is empty, or when every difference is zero with
 *   zeroMethod `'wilcox'` or `'pratt'`.
 * @example
 * wilcoxonSignedRank([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
 *   [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]).pValue; // 0.0390625
 */
/** Details of {@link wilcoxonSignedRank} (see its description). */
export type WilcoxonSignedRankDetails = {
  V: number;
  rMinus: number;
  /** Number of differences ranked. */
  n: number;
  /** Whether the exact null distribution was used (else the normal approximation). */
  exact: boolean;
  rankBiserial: number;
  /** Normal-approximation statistic; absent when exact. */
  z?: number;
};

export function wilcoxonSignedRank(a: readonly number[], b?: readonly number[], options: WilcoxonSignedRankOptions = {}): TestResult<WilcoxonSignedRankDetails> {
  const alternative = checkAlternative(options.alternative);
  const zeroMethod = checkChoice<ZeroMethod>('options.zeroMethod', options.zeroMethod, ['wilcox', 'pratt', 'zsplit'], 'wilcox');
  const requested = checkChoice('options.method', options.method, ['exact', 'approx', 'auto'] as const, 'auto');
  const correction = options.correction ?? false;
  if (typeof correction !== 'boolean') throw new InvalidArgumentError('options.correction', correction, 'expected a boolean');
  const mu = options.mu ?? 0;
  assertFiniteNumber('options.mu', mu);
  const level = checkConfidenceLevel(options.confidenceLevel);

  const first = toFiniteArray(b === undefined ? 'a (differences)' : 'a', a);
  let differences = first.map((v) => v - mu);
  if (b !== undefined) {
    const second = toFiniteArray('b', b);
    assertSameLength('a', first, 'b', second);
    differences = first.map((v, i) => v - second[i] - mu);
  }
  const zeroCount = differences.filter((d) => d === 0).length;
  if (zeroCount === differences.length && zeroMethod !== 'zsplit') {
    throw new InsufficientDataError(b === undefined ? 'a' : 'a − b', differences,
      `every difference equals mu, so zeroMethod '${zeroMethod}' leaves nothing to rank (use 'zsplit')`);
  }
  const nonZero = differences.filter((d) => d !== 0);
  const ranked = zeroMethod === 'wilcox' ? nonZero : differences;
  const { doubled, tieSizes } = doubledMidranks(ranked.map(Math.abs));
  const ties = hasTies(tieSizes);
  const method = resolveMethod(requested, differences.length, zeroCount, ties);

  let doubledPlus = 0;
  let doubledMinus = 0;
  let doubledZero = 0;
  ranked.forEach((d, i) => {
    if (d > 0) doubledPlus += doubled[i];
    else if (d < 0) doubledMinus += doubled[i];
    else doubledZero += doubled[i];
  });
  if (zeroMethod === 'zsplit') {
    doubledPlus += doubledZero / 2;
    doubledMinus += doubledZero / 2;
  }
  const rPlus = doubledPlus / 2;
  const rMinus = doubledMinus / 2;
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  const count = ranked.length;

  let pValue: number;
  let z: number | undefined;
  if (method === 'exact') {
    pValue = exactTailPValue(signedScoreSumDistribution(doubled), doubledPlus, alternative);
  } else {
    // Pratt drops the zero ranks from the sums; their share of mean and variance goes too.
    const dropped = zeroMethod === 'pratt' ? zeroCount : 0;
    // The zeros are the smallest |d|, so their tie group comes first.
    const signedTies = dropped > 0 ? tieSizes.slice(1) : tieSizes;
    const mean = (count * (count + 1) - dropped * (dropped + 1)) / 4;
    const shift = correction ? continuityShift(alternative, statistic - mean) : 0;
    z = (statistic - mean - shift) / signedRankNullSd(count, dropped, signedTies);
    pValue = alternative === 'two-sided' ? Math.min(1, 2 * normalSf(Math.abs(z)))
      : alternative === 'greater' ? normalSf(z) : normalCdf(z);
  }

  const hl = options.confInt
    ? pseudoMedian(nonZero.map((d) => d + mu), alternative, level, method === 'exact' && !ties, correction)
    : undefined;
  const details: WilcoxonSignedRankDetails = {
    V: rPlus, rMinus, n: count, exact: method === 'exact',
    rankBiserial: (rPlus - rMinus) / (rPlus + rMinus),
    ...(z === undefined ? {} : { z }),
  };
  return makeTestResult({
    method: `Wilcoxon signed rank ${method === 'exact' ? 'exact test' : 'test'}${method === 'approx' && correction ? ' with continuity correction' : ''}`,
    statistic,
    statisticName: alternative === 'two-sided' ? 'T' : 'V',
    pValue,
    alternative,
    nullValue: mu,
    estimate: hl?.estimate,
    estimateName: '(pseudo)median',
    ci: hl?.ci,
    dataName: b === undefined ? 'a' : 'a and b',
    details,
  });
}
