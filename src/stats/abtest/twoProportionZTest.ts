import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { ConfidenceInterval, TestResult } from '../core/htest.js';
import type { Alternative } from '../../core/validate.js';
import { assertInteger, checkAlternative, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { newcombeBounds } from '../nonparametric/newcombeInterval.js';
import { criticalZ, waldInterval, zTestResult, type ZTestDetails } from './normalTest.js';

export interface TwoProportionZTestOptions {
  /** Alternative for pB − pA: 'greater' means treatment B converts more. Default 'two-sided'. */
  alternative?: Alternative;
  /** Pooled proportion in the test's standard error (default true, as statsmodels and prop.test). */
  pooled?: boolean;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** Interval for pB − pA: unpooled 'wald' (default, as R's prop.test) or Newcombe's hybrid 'newcombe'. */
  ciMethod?: 'wald' | 'newcombe';
}

/** Validates one arm's counts: integers, n ≥ 1, 0 ≤ successes ≤ n. */
function checkCounts(successName: string, successes: unknown, nName: string, n: unknown): void {
  assertInteger(nName, n, 0);
  if (n === 0) throw new InsufficientDataError(nName, n, 'an arm needs at least 1 unit');
  assertInteger(successName, successes, 0);
  if (successes > n) throw new InvalidArgumentError(successName, successes, `expected at most ${nName} = ${n}`);
}

/** Newcombe's hybrid score interval (his method 10) for pB − pA, one- or two-sided. */
function newcombeDifferenceInterval(successA: number, nA: number, successB: number, nB: number, level: number, alternative: Alternative): ConfidenceInterval {
  const [lower, upper] = newcombeBounds(successB, nB, successA, nA, criticalZ(level, alternative));
  return { lower: alternative === 'less' ? -Infinity : lower, upper: alternative === 'greater' ? Infinity : upper, level };
}

/**
 * Two-sample z test for proportions, treatment B against control A. The estimate is the
 * difference pB − pA (treatment minus control, the convention of every online test in ablab), and
 * z = (pB − pA)/se with se² = p̄(1 − p̄)(1/nA + 1/nB), p̄ the pooled proportion (or
 * pA(1 − pA)/nA + pB(1 − pB)/nB with `pooled: false`). With pooled variance this matches
 * statsmodels `proportions_ztest([successB, successA], [nB, nA])` (statsmodels subtracts the
 * second count from the first, so pass B first) and z² equals R's
 * `prop.test(correct = FALSE)` X-squared. The interval is the unpooled Wald interval (as in
 * prop.test) or Newcombe's hybrid score interval (statsmodels `confint_proportions_2indep(...,
 * method = 'newcomb')`), which behaves better near 0 and 1.
 *
 * References: Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions, §4;
 * Newcombe (1998) Statistics in Medicine 17, 873–890.
 *
 * @throws {InvalidArgumentError} for non-integer or negative counts, successes above n, or a bad option.
 * @throws {InsufficientDataError} for an empty arm, or when every unit in both arms had the same outcome.
 * @example
 * const r = twoProportionZTest(100, 1000, 130, 1000);
 * [r.estimate, r.statistic.toFixed(4), r.pValue.toFixed(5)]; // [0.03, '2.1027', '0.03549']
 */
/** Details of {@link twoProportionZTest}: both proportions, the pooled one and the test's standard error. */
export type TwoProportionDetails = ZTestDetails & { proportionA: number; proportionB: number; pooledProportion: number };

export function twoProportionZTest(successA: number, nA: number, successB: number, nB: number, options: TwoProportionZTestOptions = {}): TestResult<TwoProportionDetails> {
  checkCounts('successA', successA, 'nA', nA);
  checkCounts('successB', successB, 'nB', nB);
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const pooled = options.pooled ?? true;
  if (typeof pooled !== 'boolean') throw new InvalidArgumentError('options.pooled', pooled, 'expected a boolean');
  const ciMethod = checkChoice('options.ciMethod', options.ciMethod, ['wald', 'newcombe'] as const, 'wald');

  const pA = successA / nA;
  const pB = successB / nB;
  const pPooled = (successA + successB) / (nA + nB);
  const unpooledSe = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  const standardError = pooled ? Math.sqrt(pPooled * (1 - pPooled) * (1 / nA + 1 / nB)) : unpooledSe;
  return zTestResult({
    method: `Two-sample z test for proportions (${pooled ? 'pooled' : 'unpooled'} variance)`,
    estimate: pB - pA,
    estimateName: 'difference in proportions (B - A)',
    standardError,
    nullValue: 0,
    alternative,
    confidenceLevel,
    ci: ciMethod === 'newcombe'
      ? newcombeDifferenceInterval(successA, nA, successB, nB, confidenceLevel, alternative)
      : waldInterval(pB - pA, unpooledSe, confidenceLevel, alternative),
    dataName: `A: ${successA} of ${nA}, B: ${successB} of ${nB}`,
    details: { proportionA: pA, proportionB: pB, pooledProportion: pPooled },
  });
}
