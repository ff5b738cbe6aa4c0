import type { TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import type { Alternative } from '../../core/validate.js';
import { assertFiniteNumber, checkAlternative, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { armMoments } from './armMoments.js';
import type { ReferenceDistribution } from './effectTest.js';
import type { ZTestDetails } from './normalTest.js';
import { effectTestResult, welchDf } from './effectTest.js';
import { ratioStandardError, requireNonZeroControl } from './lift.js';

export interface RelativeLiftTestOptions {
  /** Alternative for the relative lift (B − A)/|A|. Default 'two-sided'; one-sided gets a one-sided interval. */
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
  /**
   * 'z' (default, ablab's large-sample convention) or 't': Student t with the Welch–Satterthwaite
   * df of the two arms, GrowthBook gbstats' default.
   */
  distribution?: ReferenceDistribution;
  /** Relative lift under the null hypothesis. Default 0. */
  nullValue?: number;
}

/**
 * Test of the relative lift (meanB − meanA)/|meanA| with its delta-method standard error
 * √(Var(B̄)/Ā² + B̄²·Var(Ā)/Ā⁴) (arms independent), statistic (lift − null)/se, and a two- or
 * one-sided interval lift ± c·se, c the normal or (option) Welch-t critical value. Dividing by |Ā|
 * keeps the sign of the lift that of B − A for a negative control mean, as gbstats does.
 * Convention: gbstats refers the statistic to t with Welch df by default; ablab uses z unless
 * `distribution: 't'` (the two agree to 4 digits once each arm has a few hundred units).
 * Spotify's confidence reports a relative interval as the absolute interval divided by the
 * control mean instead (no delta-method term for the noise of Ā); use {@link absoluteLift} for that.
 *
 * References: Kohavi, Tang & Xu (2020) Trustworthy Online Controlled Experiments, ch. 18;
 * GrowthBook gbstats frequentist/tests.py (TwoSidedTTest, OneSidedTreatmentGreaterTTest).
 *
 * @throws {InsufficientDataError} for empty arms, a mean arm with n < 2 or a zero control mean.
 * @throws {InvalidArgumentError} for a bad summary or option.
 * @example
 * const a = MeanStats.fromSums(3407, 1396.87, 52377.9767);
 * const b = MeanStats.fromSums(3461, 2422.7, 134698.29);
 * const r = relativeLiftTest(a, b, { distribution: 't' });
 * [r.estimate?.toFixed(5), r.pValue.toFixed(5), r.ci?.lower.toFixed(5)]; // ['0.70732', '0.06191', '-0.03526']
 */
/** Details of {@link relativeLiftTest}: the delta-method standard error, each arm's mean and size. */
export type RelativeLiftDetails = ZTestDetails & { meanA: number; meanB: number; nA: number; nB: number };

export function relativeLiftTest(statsA: SampleSummary, statsB: SampleSummary, options: RelativeLiftTestOptions = {}): TestResult<RelativeLiftDetails> {
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const distribution = checkChoice('options.distribution', options.distribution, ['z', 't'] as const, 'z');
  const nullValue = options.nullValue ?? 0;
  assertFiniteNumber('options.nullValue', nullValue);
  const a = armMoments('statsA', statsA);
  const b = armMoments('statsB', statsB);
  requireNonZeroControl(a);
  return effectTestResult({
    method: `Relative lift ${distribution === 't' ? 'Welch t' : 'z'} test (delta method)`,
    estimate: (b.mean - a.mean) / Math.abs(a.mean),
    estimateName: 'relative lift (B - A)/|A|',
    standardError: ratioStandardError(a, b),
    nullValue,
    alternative,
    confidenceLevel,
    df: distribution === 't' ? welchDf(a, b) : undefined,
    details: { meanA: a.mean, meanB: b.mean, nA: a.n, nB: b.n },
  });
}
