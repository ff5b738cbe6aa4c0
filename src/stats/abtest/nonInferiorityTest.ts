import { InvalidArgumentError } from '../../core/errors.js';
import type { TestResult } from '../core/htest.js';
import { makeTestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { assertOpenUnitInterval, checkChoice } from '../../core/validate.js';
import { armMoments } from './armMoments.js';
import { fiellerInterval, requireNonZeroControl } from './lift.js';
import { normalPValue, waldInterval, zStatistic } from './normalTest.js';

export interface NonInferiorityOptions {
  /** How much worse B may be than A: an absolute difference, or a fraction of A's mean (≥ 0). */
  margin: number;
  /** Default 'absolute'. */
  marginType?: 'absolute' | 'relative';
  /** true (default) for metrics such as conversion; false for error rate or latency. */
  higherIsBetter?: boolean;
  /** One-sided significance level, default 0.05. */
  alpha?: number;
}

/** Details of {@link nonInferiorityTest}: both means, the margin and the one-sided level. */
export type NonInferiorityDetails = { meanA: number; meanB: number; margin: number; alpha: number };

/** A non-inferiority test result: the htest fields plus the verdict. */
export type NonInferiorityResult = TestResult<NonInferiorityDetails> & {
  /** true when H0 "B is worse than A by more than the margin" is rejected at `alpha`. */
  nonInferior: boolean;
  margin: number;
  marginType: 'absolute' | 'relative';
};

/**
 * One-sided z test that treatment B is not worse than control A by more than `margin`.
 * Absolute margin m (higher is better): H0: μB − μA ≤ −m, z = (B̄ − Ā + m)/se with the unpooled
 * se² = Var(Ā) + Var(B̄) — statsmodels `test_proportions_2indep(..., value=-m, method='wald',
 * alternative='larger')` for proportions and `CompareMeans.ztest_ind(usevar='unequal')` for means.
 * Relative margin m: H0: μB ≤ (1 − m)μA, tested exactly as the linear contrast
 * z = (B̄ − (1 − m)Ā)/√(Var(B̄) + (1 − m)²Var(Ā)), which is Fieller's test of the ratio; the
 * reported estimate is the relative lift B̄/Ā − 1 with Fieller's one-sided bound. When lower is
 * better (latency, error rate) the signs flip: H0: μB − μA ≥ m, or μB ≥ (1 + m)μA.
 * The interval is the one-sided (1 − alpha) bound; B is non-inferior when it clears the margin.
 * Arms with zero variance give z = ±Infinity (the limit), e.g. zero errors in both arms pass.
 *
 * References: Wellek (2010) Testing Statistical Hypotheses of Equivalence and Noninferiority, 2nd
 * ed., ch. 2; Kohavi, Tang & Xu (2020) ch. 21 (guardrail metrics); Fieller (1954).
 *
 * @throws {InvalidArgumentError} for a negative or non-finite margin, a relative margin ≥ 1 when
 * higher is better, a non-positive control mean with a relative margin, or a bad option.
 * @throws {InsufficientDataError} for empty arms (mean arms need n ≥ 2).
 * @example
 * // Error rate guardrail: B may not raise it by more than 0.5 percentage points.
 * const r = nonInferiorityTest(new ProportionStats(5000, 100), new ProportionStats(5000, 95),
 *   { margin: 0.005, higherIsBetter: false });
 * [r.nonInferior, r.pValue.toFixed(5)]; // [true, '0.01502']
 */
export function nonInferiorityTest(statsA: SampleSummary, statsB: SampleSummary, options: NonInferiorityOptions): NonInferiorityResult {
  const margin = options?.margin;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
    throw new InvalidArgumentError('options.margin', margin, 'expected a finite number >= 0');
  }
  const marginType = checkChoice('options.marginType', options.marginType, ['absolute', 'relative'] as const, 'absolute');
  const higherIsBetter = options.higherIsBetter ?? true;
  if (typeof higherIsBetter !== 'boolean') throw new InvalidArgumentError('options.higherIsBetter', higherIsBetter, 'expected a boolean');
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const a = armMoments('statsA', statsA);
  const b = armMoments('statsB', statsB);
  const alternative = higherIsBetter ? 'greater' : 'less';
  const sign = higherIsBetter ? -1 : 1;
  const level = 1 - alpha;

  let estimate: number;
  let nullValue: number;
  let statistic: number;
  let ci;
  if (marginType === 'absolute') {
    estimate = b.mean - a.mean;
    nullValue = sign * margin;
    const standardError = Math.sqrt(a.varianceOfMean + b.varianceOfMean);
    statistic = zStatistic(estimate, nullValue, standardError, 'arms');
    ci = waldInterval(estimate, standardError, level, alternative);
  } else {
    if (higherIsBetter && margin >= 1) throw new InvalidArgumentError('options.margin', margin, 'a relative margin must be < 1 when higher is better');
    requireNonZeroControl(a);
    if (a.mean < 0) throw new InvalidArgumentError('statsA.mean', a.mean, 'a relative margin needs a positive control mean');
    const factor = 1 + sign * margin;
    estimate = b.mean / a.mean - 1;
    nullValue = sign * margin;
    const contrast = b.mean - factor * a.mean;
    statistic = zStatistic(contrast, 0, Math.sqrt(b.varianceOfMean + factor ** 2 * a.varianceOfMean), 'arms');
    const ratio = fiellerInterval(a, b, level, alternative);
    ci = { lower: ratio.lower - 1, upper: ratio.upper - 1, level };
  }
  const pValue = normalPValue(statistic, alternative);
  const result = makeTestResult({
    method: `Non-inferiority z test (${marginType} margin, ${higherIsBetter ? 'higher' : 'lower'} is better)`,
    statistic,
    statisticName: 'z',
    pValue,
    alternative,
    estimate,
    estimateName: marginType === 'absolute' ? 'difference (B - A)' : 'relative lift (B/A - 1)',
    nullValue,
    ci,
    details: { meanA: a.mean, meanB: b.mean, margin, alpha },
  });
  return { ...result, nonInferior: pValue < alpha, margin, marginType };
}
