import { chiSquareSf } from '../core/distributions.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import {
  assertInteger, assertSameLength, checkAlternative, checkChoice, checkConfidenceLevel, toBinaryArray, type Alternative,
} from '../../core/validate.js';
import { binomialHalfCdf, binomialHalfPmf } from './binomialHalf.js';
import { toPairedTable, type PairedTable } from './counts.js';
import { pairedDifferenceInterval } from './newcombePairedInterval.js';

export interface McNemarOptions {
  /** `'exact'` (default) binomial test, `'midp'` its mid-p version, `'chi2'` the chi-square approximation. */
  method?: 'exact' | 'midp' | 'chi2';
  /** Edwards' continuity correction for `'chi2'` (default true, as statsmodels and R). */
  correction?: boolean;
  /** `'greater'`: A is more accurate than B. One-sided tests need `'exact'` or `'midp'`. */
  alternative?: Alternative;
  /** Level of the Newcombe interval for the accuracy difference (default 0.95). */
  confidenceLevel?: number;
}

/** Discordant counts only: b = A right & B wrong, c = A wrong & B right. */
export interface DiscordantCounts {
  b: number;
  c: number;
}

/**
 * p-value for b successes out of b + c fair coin flips; for two-sided tests the smaller tail is
 * doubled. The mid-p version counts only half of the observed point's probability.
 */
function binomialPValue(b: number, c: number, alternative: Alternative, midP: boolean): number {
  const n = b + c;
  const lowerTail = (k: number): number => binomialHalfCdf(k, n) - (midP ? 0.5 * binomialHalfPmf(k, n) : 0);
  if (alternative === 'greater') return lowerTail(c);
  if (alternative === 'less') return lowerTail(b);
  return Math.min(1, 2 * lowerTail(Math.min(b, c)));
}

/**
 * Details of the McNemar tests: the discordant counts b (only A right) and c (only B right); with
 * per-sample correctness or a full table also n and both accuracies.
 */
export type McNemarDetails = { b: number; c: number; n?: number; accuracyA?: number; accuracyB?: number };

function mcnemarFromCounts(b: number, c: number, table: PairedTable | undefined, options: McNemarOptions): TestResult<McNemarDetails> {
  const method = checkChoice('options.method', options.method, ['exact', 'midp', 'chi2'] as const, 'exact');
  const alternative = checkAlternative(options.alternative);
  const correction = options.correction ?? true;
  if (typeof correction !== 'boolean') throw new InvalidArgumentError('options.correction', correction, 'expected a boolean');
  const level = checkConfidenceLevel(options.confidenceLevel);
  if (method === 'chi2' && alternative !== 'two-sided') {
    throw new InvalidArgumentError('options.alternative', alternative, "the 'chi2' method is two-sided only; use 'exact' or 'midp'");
  }
  let statistic: number;
  let pValue: number;
  if (method === 'chi2') {
    // No discordant pairs: no evidence of a difference (statsmodels returns NaN, or p = 0 with correction).
    statistic = b + c === 0 ? 0 : (Math.abs(b - c) - (correction ? 1 : 0)) ** 2 / (b + c);
    pValue = b + c === 0 ? 1 : chiSquareSf(statistic, 1);
  } else {
    statistic = alternative === 'two-sided' ? Math.min(b, c) : b;
    pValue = binomialPValue(b, c, alternative, method === 'midp');
  }
  const interval = table && pairedDifferenceInterval(table, level);
  const details: McNemarDetails = { b, c };
  if (table) {
    const n = table.bothRight + table.onlyA + table.onlyB + table.bothWrong;
    Object.assign(details, { n, accuracyA: (table.bothRight + table.onlyA) / n, accuracyB: (table.bothRight + table.onlyB) / n });
  }
  const names = { exact: "McNemar's exact test", midp: "McNemar's mid-p test", chi2: "McNemar's chi-squared test" };
  return makeTestResult({
    method: names[method] + (method === 'chi2' && correction ? ' with continuity correction' : ''),
    statistic,
    statisticName: method === 'chi2' ? "McNemar's chi-squared" : alternative === 'two-sided' ? 'min(b, c)' : 'b',
    df: method === 'chi2' ? 1 : undefined,
    pValue,
    alternative,
    nullValue: 0,
    estimate: interval?.estimate,
    estimateName: 'accuracy difference (A − B)',
    ci: interval && { lower: interval.lower, upper: interval.upper, level },
    dataName: 'correctness of A and B',
    details,
  });
}

/**
 * McNemar's test that two classifiers scored on the same samples are equally accurate, from a
 * paired 2×2 table or from the discordant counts alone.
 *
 * `table` = [[bothRight, b], [c, bothWrong]]: rows are model A right/wrong, columns model B
 * right/wrong, so b counts samples only A got right and c samples only B got right. Under the
 * null b ~ Binomial(b + c, 1/2). Methods:
 * - `'exact'`: binomial test, two-sided p = min(1, 2·P(X ≤ min(b, c))) (statsmodels mcnemar(exact=True));
 * - `'midp'`: the same with half the probability of the observed point (Fagerland, Lydersen &
 *   Laake 2013), less conservative, no clipping needed;
 * - `'chi2'`: X² = (|b − c| − cc)²/(b + c) on 1 df, cc = 1 with Edwards' correction
 *   (statsmodels mcnemar(exact=False, correction)); two-sided only.
 * When b = c = 0 every method returns p = 1 (statsmodels' exact result; its chi-square gives NaN).
 * With a full table `estimate` is the accuracy difference A − B = (b − c)/n and `ci` Newcombe's
 * paired interval (see {@link newcombePairedInterval}); `details` holds b, c, n, accuracyA, accuracyB.
 *
 * References: McNemar (1947), Psychometrika 12:153–157; Edwards (1948), Psychometrika 13:185–187;
 * Fagerland, Lydersen & Laake (2013), BMC Med. Res. Methodol. 13:91.
 *
 * @throws {InvalidArgumentError} on a malformed table, negative or non-integer counts, an unknown
 *   option, or a one-sided alternative with `'chi2'`.
 * @throws {InsufficientDataError} when the table is empty.
 * @example
 * mcnemarTestFromTable([[59, 6], [16, 80]]).pValue; // 0.052478790283203125
 */
export function mcnemarTestFromTable(table: readonly (readonly number[])[] | DiscordantCounts, options: McNemarOptions = {}): TestResult<McNemarDetails> {
  if (!Array.isArray(table) && typeof table === 'object' && table !== null && 'b' in table && 'c' in table) {
    const { b, c } = table as DiscordantCounts;
    assertInteger('table.b', b, 0);
    assertInteger('table.c', c, 0);
    return mcnemarFromCounts(b, c, undefined, options);
  }
  const t = toPairedTable('table', table);
  return mcnemarFromCounts(t.onlyA, t.onlyB, t, options);
}

/**
 * McNemar's test from per-sample correctness of models A and B on the same samples (booleans or
 * 0/1, same order); builds the 2×2 table and calls {@link mcnemarTestFromTable}.
 *
 * @throws {InvalidArgumentError} on non-binary values, a length mismatch or a bad option.
 * @throws {InsufficientDataError} when the vectors are empty.
 * @example
 * mcnemarTest([1, 1, 1, 1, 1, 0, 1, 1], [1, 0, 0, 0, 0, 0, 1, 0]).pValue; // 0.0625
 */
export function mcnemarTest(correctA: ArrayLike<boolean | number>, correctB: ArrayLike<boolean | number>, options: McNemarOptions = {}): TestResult<McNemarDetails> {
  const a = toBinaryArray('correctA', correctA);
  const b = toBinaryArray('correctB', correctB);
  assertSameLength('correctA', a, 'correctB', b);
  const table = [[0, 0], [0, 0]];
  a.forEach((ai, i) => { table[1 - ai][1 - b[i]]++; });
  return mcnemarTestFromTable(table, options);
}
