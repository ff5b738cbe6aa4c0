import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { TestResult } from '../core/htest.js';
import type { Alternative } from '../../core/validate.js';
import { checkAlternative, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { CovarianceStats } from './covarianceStats.js';
import type { ReferenceDistribution } from './effectTest.js';
import { effectTestResult, welchDf } from './effectTest.js';
import type { ZTestDetails } from './normalTest.js';

export interface RatioMetricTestOptions {
  /** Alternative for ratioB − ratioA. Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
  /**
   * 'absolute' (default): ratioB − ratioA. 'relative': (ratioB − ratioA)/|ratioA| with the
   * delta-method variance Var(rB)/rA² + rB²·Var(rA)/rA⁴, as GrowthBook's gbstats.
   */
  scale?: 'absolute' | 'relative';
  /** 'z' (default) or 't' with the Welch df of the two ratio variances (gbstats' default). */
  distribution?: ReferenceDistribution;
}

/** A ratio metric's point estimate ȳ/x̄ and its delta-method variance. */
export interface RatioEstimate {
  ratio: number;
  variance: number;
}

/**
 * Delta-method variance of ȳ/x̄ over n randomization units:
 * (1/n)·(s²y/x̄² − 2ȳ·sxy/x̄³ + ȳ²·s²x/x̄⁴), with unbiased sample (co)variances.
 * @throws {InsufficientDataError} if n < 2 or x̄ = 0.
 */
export function ratioEstimate(name: string, stats: CovarianceStats): RatioEstimate {
  if (!(stats instanceof CovarianceStats)) throw new InvalidArgumentError(name, stats, 'expected RatioStats (CovarianceStats)');
  const ratio = stats.ratio;
  const mx = stats.meanX;
  const variance = (stats.varianceY / mx ** 2 - (2 * stats.meanY * stats.covariance) / mx ** 3
    + (stats.meanY ** 2 * stats.varianceX) / mx ** 4) / stats.n;
  // The quadratic form is ≥ 0 in exact arithmetic; clamp its rounding error.
  return { ratio, variance: Math.max(0, variance) };
}

/**
 * z test for a ratio metric whose unit of analysis (sessions, page views) is finer than the unit
 * of randomization (users): with per-user numerator y and denominator x, the metric is ȳ/x̄ and
 * its variance must come from the delta method over users, not from treating sessions as
 * independent (which understates it). Estimate: ratioB − ratioA, se² = Var(ratioA) + Var(ratioB).
 * The per-arm variance equals the cluster-robust (CR0, clustered by user) variance of the
 * session-level mean times n/(n − 1). `scale: 'relative'` tests (ratioB − ratioA)/|ratioA| instead,
 * and `distribution: 't'` refers either to t with Welch df (GrowthBook gbstats' convention).
 *
 * Reference: Deng, Knoblich & Lu (2018) "Applying the delta method in metric analytics: a
 * practical guide with novel ideas", KDD, §3.
 *
 * @throws {InvalidArgumentError} unless both arms are {@link RatioStats}; for a bad option.
 * @throws {InsufficientDataError} if an arm has fewer than 2 units or a zero denominator mean.
 * @example
 * const a = RatioStats.fromArrays({ y: [3, 1, 4, 1, 5], x: [2, 1, 2, 1, 3] });
 * const b = RatioStats.fromArrays({ y: [5, 3, 6, 2, 7], x: [2, 2, 3, 1, 3] });
 * const r = ratioMetricTest(a, b);
 * [r.estimate.toFixed(4), r.pValue.toFixed(4)]; // ['0.5354', '0.0181']
 */
/** Details of {@link ratioMetricTest}: each arm's ratio and number of units, and the delta-method standard error. */
export type RatioMetricDetails = ZTestDetails & { ratioA: number; ratioB: number; nA: number; nB: number };

export function ratioMetricTest(statsA: CovarianceStats, statsB: CovarianceStats, options: RatioMetricTestOptions = {}): TestResult<RatioMetricDetails> {
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const scale = checkChoice('options.scale', options.scale, ['absolute', 'relative'] as const, 'absolute');
  const distribution = checkChoice('options.distribution', options.distribution, ['z', 't'] as const, 'z');
  const a = ratioEstimate('statsA', statsA);
  const b = ratioEstimate('statsB', statsB);
  const df = distribution === 't'
    ? welchDf({ n: statsA.n, varianceOfMean: a.variance }, { n: statsB.n, varianceOfMean: b.variance })
    : undefined;
  const details = { ratioA: a.ratio, ratioB: b.ratio, nA: statsA.n, nB: statsB.n };
  const test = distribution === 't' ? 'Welch t' : 'z';
  if (scale === 'relative') {
    if (a.ratio === 0) throw new InsufficientDataError('statsA.meanY', 0, 'a relative lift needs a non-zero control ratio');
    return effectTestResult({
      method: `Delta-method ${test} test for the relative lift of a ratio metric`,
      estimate: (b.ratio - a.ratio) / Math.abs(a.ratio),
      estimateName: 'relative lift in ratios (B - A)/|A|',
      standardError: Math.sqrt(b.variance / a.ratio ** 2 + (b.ratio ** 2 * a.variance) / a.ratio ** 4),
      nullValue: 0,
      alternative,
      confidenceLevel,
      df,
      details,
    });
  }
  return effectTestResult({
    method: `Delta-method ${test} test for a ratio metric`,
    estimate: b.ratio - a.ratio,
    estimateName: 'difference in ratios (B - A)',
    standardError: Math.sqrt(a.variance + b.variance),
    nullValue: 0,
    alternative,
    confidenceLevel,
    df,
    details,
  });
}
