import { InvalidArgumentError } from '../../core/errors.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import { assertSameLength, checkAlternative, checkChoice, toFiniteArray, type Alternative, checkOptions } from '../../core/validate.js';
import { IndexStream } from './indexStream.js';
import { DEFAULT_RESAMPLES, randomFromSeed } from './resamplingOptions.js';

/** Options of {@link pairedPermutationTest}. */
export interface PairedPermutationOptions {
  alternative?: Alternative;
  /** Random sign flips to draw (default 9999); the test is exact when 2^n ≤ nResamples (Infinity: always exact). */
  nResamples?: number;
  /** Integer seed in [0, 2^32) (default 0). */
  seed?: number;
  /** Test statistic; only 'meanDifference' (mean(a) − mean(b)) for now. */
  statistic?: 'meanDifference';
}

/** Exact enumeration beyond 2^MAX_EXACT_N sign patterns would take minutes. */
const MAX_EXACT_N = 26;
/** scipy's relative tolerance for counting numerically-equal null statistics as ties. */
const TIE_TOLERANCE = 1e-14;

/** Details of {@link pairedPermutationTest}: the number of pairs and of sign patterns evaluated. */
export type PairedPermutationDetails = { n: number; permutations: number };

/**
 * Paired permutation (sign-flip) test of mean(a) − mean(b) = 0, as
 * scipy.stats.permutation_test(..., permutation_type='samples').
 *
 * Under H0 each pair is exchangeable, so the sign of every difference d_i = a_i − b_i is a fair coin.
 * The null distribution is mean(s_i·d_i) over sign patterns s: all 2^n of them when 2^n ≤ nResamples
 * (exact; p = share at least as extreme), else nResamples random patterns with
 * p = (count + 1)/(nResamples + 1) (Phipson & Smyth 2010). Values within 1e-14 (relative) of the
 * observed statistic count as ties, and the two-sided p-value is 2·min(p_less, p_greater) capped at 1,
 * all as in scipy.
 *
 * Reference: R. A. Fisher (1935), The Design of Experiments, §21; B. Phipson & G. K. Smyth (2010),
 * "Permutation p-values should never be zero", Stat. Appl. Genet. Mol. Biol. 9(1).
 *
 * @throws {InvalidArgumentError} NaN/Infinity, different lengths, bad alternative/statistic/seed,
 *   nResamples < 1, or an exact test with more than 26 pairs.
 * @throws {InsufficientDataError} fewer than 2 pairs (as scipy).
 * @example
 * pairedPermutationTest([0.82, 0.85, 0.79, 0.88, 0.84], [0.8, 0.81, 0.8, 0.83, 0.8]).pValue; // 0.125
 */
export function pairedPermutationTest(a: ArrayLike<number>, b: ArrayLike<number>, options?: PairedPermutationOptions): TestResult<PairedPermutationDetails> {
  const opts = checkOptions('options', options);
  const x = toFiniteArray('a', a, 2);
  const y = toFiniteArray('b', b, 2);
  assertSameLength('a', x, 'b', y);
  const alternative = checkAlternative(opts.alternative);
  checkChoice('options.statistic', opts.statistic, ['meanDifference'], 'meanDifference');
  const nResamples = opts.nResamples ?? DEFAULT_RESAMPLES;
  if (nResamples !== Infinity && !(Number.isInteger(nResamples) && nResamples >= 1)) {
    throw new InvalidArgumentError('options.nResamples', nResamples, 'expected an integer >= 1 or Infinity');
  }
  const rng = randomFromSeed(opts.seed);
  const n = x.length;
  const differences = Float64Array.from(x, (xi, i) => xi - y[i]);
  const observed = signedMean(differences, () => true);
  const exact = 2 ** n <= nResamples;
  if (exact && n > MAX_EXACT_N) {
    throw new InvalidArgumentError('options.nResamples', nResamples,
      `an exact test enumerates 2^${n} sign patterns; use a finite nResamples below 2^${n} for a randomized test`);
  }
  const tolerance = Math.max(TIE_TOLERANCE, Math.abs(observed) * TIE_TOLERANCE);
  let atMost = 0;
  let atLeast = 0;
  const tally = (value: number): void => {
    if (value <= observed + tolerance) atMost++;
    if (value >= observed - tolerance) atLeast++;
  };
  const patterns = exact ? 2 ** n : nResamples;
  if (exact) {
    for (let pattern = 0; pattern < patterns; pattern++) tally(signedMean(differences, (i) => ((pattern >> i) & 1) === 0));
  } else {
    const stream = new IndexStream(rng);
    let bits = 0;
    let word = 0;
    const coin = (): boolean => {
      if (bits === 0) { word = stream.nextUint32(); bits = 32; }
      bits--;
      return ((word >>> bits) & 1) === 1;
    };
    for (let k = 0; k < patterns; k++) tally(signedMean(differences, coin));
  }
  const adjustment = exact ? 0 : 1;
  const pLess = (atMost + adjustment) / (patterns + adjustment);
  const pGreater = (atLeast + adjustment) / (patterns + adjustment);
  const pValue = alternative === 'less' ? pLess : alternative === 'greater' ? pGreater : Math.min(1, 2 * Math.min(pLess, pGreater));
  return makeTestResult({
    method: `Paired sign-flip permutation test (${exact ? 'exact' : `${patterns} random sign patterns`})`,
    statistic: observed,
    statisticName: 'mean difference',
    pValue,
    alternative,
    estimate: observed,
    estimateName: 'mean difference',
    nullValue: 0,
    dataName: 'a and b',
    details: { n, permutations: patterns },
  });
}

/** mean(±d_i), keeping the sign of d_i where `keep(i)` is true. */
function signedMean(differences: Float64Array, keep: (i: number) => boolean): number {
  let sum = 0;
  for (let i = 0; i < differences.length; i++) sum += keep(i) ? differences[i] : -differences[i];
  return sum / differences.length;
}
