import { InsufficientDataError } from '../../core/errors.js';
import type { TestResult } from '../core/htest.js';
import type { Alternative } from '../../core/validate.js';
import { checkAlternative, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import type { PairedArrays } from './covarianceStats.js';
import type { CovarianceStats } from './covarianceStats.js';
import { adjustedVarianceOfMean, toCovarianceStats } from './cupedTest.js';
import type { ReferenceDistribution } from './effectTest.js';
import type { ZTestDetails } from './normalTest.js';
import { effectTestResult, welchDf } from './effectTest.js';

export interface RelativeCupedTestOptions {
  /** Alternative for the adjusted relative lift. Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** 'z' (default) or 't' with Welch df of the adjusted per-arm variances (gbstats' default). */
  distribution?: ReferenceDistribution;
}

/**
 * CUPED for the relative lift, as GrowthBook's gbstats computes it. θ = s_xy/s²x of the two arms
 * combined (Deng et al.'s choice; {@link cupedTest} uses the within-arm slope, which differs by
 * O(1/n)); adjusted means ȳ − θx̄; estimate (adjB − adjA)/|ȳA|, divided by the unadjusted control
 * mean. Variance by the delta method with gbstats' gradient:
 * (s²yB + θ²s²xB − 2θs_xyB)/(nB·ȳA²) + (s²yA·ȳB²/ȳA² − 2θ·s_xyA·ȳB/ȳA + θ²s²xA)/(nA·ȳA²),
 * i.e. treating the control's contribution to the numerator through ȳB (it ignores the
 * second-order term θ(x̄B − x̄A) in the derivative with respect to ȳA, as gbstats does).
 *
 * References: Deng, Xu, Kohavi & Walker (2013) WSDM; GrowthBook gbstats models/tests.py
 * (frequentist_variance_relative_cuped) and models/statistics.py (compute_theta).
 *
 * @throws {InvalidArgumentError} for bad arrays or options.
 * @throws {InsufficientDataError} for arms with fewer than 2 units, a zero control mean or a
 * constant covariate.
 * @example
 * const a = CovarianceStats.fromSums({ n: 3001, sumY: 300, sumY2: 600, sumX: 210, sumX2: 415, sumXY: -20 });
 * const b = CovarianceStats.fromSums({ n: 3000, sumY: 222, sumY2: 555, sumX: 120, sumX2: 405, sumXY: -10 });
 * const r = relativeCupedTest(a, b, { distribution: 't' });
 * [r.estimate?.toFixed(6), r.pValue.toFixed(6)]; // ['-0.281707', '0.003733']
 */
/** Details of {@link relativeCupedTest}: standard error, θ, adjusted means, the control mean and the unadjusted lift. */
export type RelativeCupedDetails = ZTestDetails & {
  theta: number; adjustedMeanA: number; adjustedMeanB: number; controlMean: number; unadjustedRelativeLift: number;
};

export function relativeCupedTest(armA: PairedArrays | CovarianceStats, armB: PairedArrays | CovarianceStats, options: RelativeCupedTestOptions = {}): TestResult<RelativeCupedDetails> {
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const distribution = checkChoice('options.distribution', options.distribution, ['z', 't'] as const, 'z');
  const a = toCovarianceStats('armA', armA);
  const b = toCovarianceStats('armB', armB);
  for (const [name, s] of [['armA', a], ['armB', b]] as const) {
    if (s.n < 2) throw new InsufficientDataError(`${name}.n`, s.n, 'CUPED needs at least 2 units per arm');
  }
  if (a.meanY === 0) throw new InsufficientDataError('armA.y', 0, 'a relative lift needs a non-zero control mean');
  const combined = a.merge(b);
  if (combined.m2x === 0) throw new InsufficientDataError('armA.x', a.meanX, 'the covariate is constant, so it cannot explain any variance');
  const theta = combined.cxy / combined.m2x;
  const adjustedMeanA = a.meanY - theta * a.meanX;
  const adjustedMeanB = b.meanY - theta * b.meanX;
  const controlMean = a.meanY;
  const varianceB = adjustedVarianceOfMean(b, theta) / controlMean ** 2;
  const ratioB = b.meanY / controlMean;
  const varianceA = (a.varianceY * ratioB ** 2 - 2 * theta * a.covariance * ratioB + theta ** 2 * a.varianceX) / (a.n * controlMean ** 2);
  const armVariance = (s: CovarianceStats) => ({ n: s.n, varianceOfMean: adjustedVarianceOfMean(s, theta) });
  return effectTestResult({
    method: `CUPED-adjusted relative lift ${distribution === 't' ? 'Welch t' : 'z'} test`,
    estimate: (adjustedMeanB - adjustedMeanA) / Math.abs(controlMean),
    estimateName: 'adjusted relative lift (B - A)/|A|',
    standardError: Math.sqrt(Math.max(0, varianceA + varianceB)),
    nullValue: 0,
    alternative,
    confidenceLevel,
    df: distribution === 't' ? welchDf(armVariance(a), armVariance(b)) : undefined,
    details: { theta, adjustedMeanA, adjustedMeanB, controlMean, unadjustedRelativeLift: (b.meanY - a.meanY) / Math.abs(controlMean) },
  });
}
