import { InvalidArgumentError } from '../../core/errors.js';
import { normalSf } from '../core/distributions.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import { checkAlternative, checkChoice, toFiniteArray, type Alternative } from '../../core/validate.js';
import { exactTailPValue, subsetScoreSumDistribution } from './exactRankDistributions.js';
import { doubledMidranks, hasTies, tieTerm } from './ranks.js';

export interface MannWhitneyUOptions {
  alternative?: Alternative;
  /** Continuity correction of the normal approximation (default true, as scipy). */
  useContinuity?: boolean;
  /** `'auto'` (default), `'exact'` or `'asymptotic'`; see {@link mannWhitneyU}. */
  method?: 'exact' | 'asymptotic' | 'auto';
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test that two independent samples come from the same
 * distribution, against a shift of `a` relative to `b`.
 *
 * The pooled sample is ranked (midranks for ties); U1 = R1 − n1(n1+1)/2 with R1 the rank sum of
 * `a` (R's W), U2 = n1·n2 − U1. Follows scipy.stats.mannwhitneyu 1.10:
 * - statistic: U1 for every alternative;
 * - `'asymptotic'`: z = (U − n1n2/2 − 0.5·cc)/σ with U = max(U1, U2) (two-sided, p doubled),
 *   U1 (`'greater'`) or U2 (`'less'`), σ² = n1n2/12·[(n+1) − Σ(t³ − t)/(n(n−1))];
 * - `'exact'`: permutation distribution of U1 computed by counting, O(n·min(n1, n2)·n²) time;
 * - `'auto'`: exact when one sample has at most 8 values and there are no ties, else asymptotic.
 * Deliberate differences from scipy 1.10: with ties and `method: 'exact'` the exact conditional
 * distribution of the midrank sum is used (scipy truncates U to an integer); when every value is
 * tied (σ = 0), p = 1 and z = 0 (scipy gives p = 1 with continuity correction, NaN without).
 *
 * `details`: U1, U2, n1, n2, z (asymptotic only), exact (true when exact), commonLanguage = U1/(n1n2)
 * (probability that a value of `a` exceeds one of `b`, ties counted half; McGraw & Wong 1992) and
 * rankBiserial = 2·commonLanguage − 1 (Kerby 2014), positive when `a` tends to be larger.
 *
 * References: Mann & Whitney (1947), Ann. Math. Statist. 18:50–60; Hollander, Wolfe & Chicken
 * (2014), Nonparametric Statistical Methods, 3rd ed., §4.1.
 *
 * @throws {InvalidArgumentError} on NaN/Infinity or an unknown option.
 * @throws {InsufficientDataError} when a sample is empty.
 * @example
 * const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
 * [r.statistic, r.pValue]; // [17, 0.1111111111111111]
 */
/** Details of {@link mannWhitneyU} (see its description). */
export type MannWhitneyUDetails = {
  U1: number;
  U2: number;
  n1: number;
  n2: number;
  /** Whether the exact null distribution was used (else the normal approximation). */
  exact: boolean;
  /** Normal-approximation statistic; absent when exact. */
  z?: number;
  commonLanguage: number;
  rankBiserial: number;
};

export function mannWhitneyU(a: readonly number[], b: readonly number[], options: MannWhitneyUOptions = {}): TestResult<MannWhitneyUDetails> {
  const alternative = checkAlternative(options.alternative);
  const requested = checkChoice('options.method', options.method, ['exact', 'asymptotic', 'auto'] as const, 'auto');
  const useContinuity = options.useContinuity ?? true;
  if (typeof useContinuity !== 'boolean') {
    throw new InvalidArgumentError('options.useContinuity', useContinuity, 'expected a boolean');
  }
  const x = toFiniteArray('a', a);
  const y = toFiniteArray('b', b);
  const n1 = x.length;
  const n2 = y.length;
  const n = n1 + n2;
  const { doubled, tieSizes } = doubledMidranks([...x, ...y]);
  const ties = hasTies(tieSizes);
  const method = requested === 'auto' ? (Math.min(n1, n2) <= 8 && !ties ? 'exact' : 'asymptotic') : requested;

  const doubledR1 = doubled.slice(0, n1).reduce((s, r) => s + r, 0);
  const u1 = doubledR1 / 2 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;

  let pValue: number;
  let z: number | undefined;
  if (method === 'exact') {
    // Enumerate subsets of the smaller sample; a large R1 means a large U1.
    const firstSmaller = n1 <= n2;
    const dist = subsetScoreSumDistribution(doubled, Math.min(n1, n2));
    const observed = firstSmaller ? doubledR1 : doubled.reduce((s, r) => s + r, 0) - doubledR1;
    const flipped: Alternative = alternative === 'two-sided' ? alternative : alternative === 'greater' ? 'less' : 'greater';
    pValue = exactTailPValue(dist, observed, firstSmaller ? alternative : flipped);
  } else {
    const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
    const sd = Math.sqrt(((n1 * n2) / 12) * ((n + 1) - tieTerm(tieSizes) / (n * (n - 1))));
    const numerator = u - (n1 * n2) / 2 - (useContinuity ? 0.5 : 0);
    // All values tied: no evidence either way (scipy: −∞ with continuity, NaN without).
    z = sd > 0 ? numerator / sd : 0;
    pValue = sd > 0 ? Math.min(1, (alternative === 'two-sided' ? 2 : 1) * normalSf(z)) : 1;
  }
  return makeTestResult({
    method: `Wilcoxon-Mann-Whitney ${method === 'exact' ? 'exact test' : 'test'}${method === 'asymptotic' && useContinuity ? ' with continuity correction' : ''}`,
    statistic: u1,
    statisticName: 'U1',
    pValue,
    alternative,
    nullValue: 0,
    estimateName: 'location shift',
    dataName: 'a and b',
    details: {
      U1: u1, U2: u2, n1, n2, exact: method === 'exact',
      ...(z === undefined ? {} : { z }),
      commonLanguage: u1 / (n1 * n2), rankBiserial: (2 * u1) / (n1 * n2) - 1,
    },
  });
}
