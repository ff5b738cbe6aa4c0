import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import type { TestResult } from '../core/htest.js';
import type { Alternative } from '../../core/validate.js';
import { checkAlternative, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import type { ReferenceDistribution } from './effectTest.js';
import type { ZTestDetails } from './normalTest.js';
import { effectTestResult, welchDf } from './effectTest.js';
import { MomentMatrixStats } from './momentMatrixStats.js';

export interface RatioCupedTestOptions {
  /** Alternative for the adjusted relative lift. Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** 'z' (default) or 't' with Welch df of the adjusted per-arm variances (gbstats' default). */
  distribution?: ReferenceDistribution;
}

/** Quadratic form gᵀΛg with Λ the unbiased covariance matrix of `stats`. */
function quadraticForm(stats: MomentMatrixStats, g: readonly number[], h: readonly number[] = g): number {
  let total = 0;
  for (let i = 0; i < g.length; i++) for (let j = 0; j < h.length; j++) total += g[i] * stats.covariance(i, j) * h[j];
  return total;
}

function checkArm(name: string, stats: MomentMatrixStats): void {
  if (!(stats instanceof MomentMatrixStats) || stats.mean.length !== 4) {
    throw new InvalidArgumentError(name, stats, 'expected MomentMatrixStats of [numerator post, denominator post, numerator pre, denominator pre]');
  }
  if (stats.n < 2) throw new InsufficientDataError(`${name}.n`, stats.n, 'CUPED needs at least 2 units per arm');
  stats.mean.forEach((m, i) => {
    if ((i === 1 || i === 3) && m === 0) throw new InsufficientDataError(`${name}.mean[${i}]`, 0, 'a ratio metric needs a non-zero denominator mean');
  });
}

/**
 * CUPED for the relative lift of a ratio metric, as GrowthBook's gbstats computes it
 * (RegressionAdjustedRatioStatistic): per arm the metric is R = M̄/D̄ (post period) adjusted by the
 * pre-period ratio, R − θ·M̄pre/D̄pre. With g(θ) = (1/D̄, −M̄/D̄², −θ/D̄pre, θM̄pre/D̄pre²) the
 * gradient and Λ the unbiased covariance of (M, D, Mpre, Dpre) per unit, θ minimises the summed
 * per-unit variance of both arms: θ = −Σ g_post·Λ_{post,pre}·g_pre / Σ g_preᵀΛ_pre g_pre (gradients at
 * θ = 1). Estimate (adjB − adjA)/|R_A|; its variance is the delta method on that quotient with
 * gbstats' gradient, and the Welch df use gᵀΛg/n per arm.
 * Arms are {@link MomentMatrixStats} of the four per-unit metrics in the order
 * [numerator post, denominator post, numerator pre, denominator pre].
 *
 * References: Deng, Xu, Kohavi & Walker (2013) WSDM; GrowthBook gbstats models/statistics.py
 * (compute_theta_regression_adjusted_ratio) and models/tests.py (frequentist_variance_relative_cuped_ratio).
 *
 * @throws {InvalidArgumentError} for arms of the wrong shape or a bad option.
 * @throws {InsufficientDataError} for fewer than 2 units, a zero denominator mean or zero control ratio.
 * @example
 * // 6 users per arm; per user [clicks, sessions, clicks before, sessions before]
 * const a = MomentMatrixStats.fromSums(6, [16, 11, 13, 11], [[56, 35, 44, 35], [35, 23, 28, 23], [44, 28, 35, 28], [35, 23, 28, 23]]);
 * const b = MomentMatrixStats.fromSums(6, [26, 13, 17, 13], [[132, 63, 88, 63], [63, 31, 42, 31], [88, 42, 59, 42], [63, 31, 42, 31]]);
 * const r = ratioCupedTest(a, b);
 * [r.estimate?.toFixed(4), r.pValue.toFixed(4), r.details?.theta.toFixed(4)]; // ['0.2579', '0.0048', '1.3535']
 */
/** Details of {@link ratioCupedTest}: standard error, θ, adjusted and unadjusted ratios. */
export type RatioCupedDetails = ZTestDetails & { theta: number; adjustedRatioA: number; adjustedRatioB: number; ratioA: number; ratioB: number };

export function ratioCupedTest(statsA: MomentMatrixStats, statsB: MomentMatrixStats, options: RatioCupedTestOptions = {}): TestResult<RatioCupedDetails> {
  const alternative = checkAlternative(options.alternative);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const distribution = checkChoice('options.distribution', options.distribution, ['z', 't'] as const, 'z');
  checkArm('statsA', statsA);
  checkArm('statsB', statsB);
  const gradient = (s: MomentMatrixStats, theta: number): number[] => {
    const [m, d, mPre, dPre] = s.mean;
    return [1 / d, -m / d ** 2, -theta / dPre, (theta * mPre) / dPre ** 2];
  };
  const parts = [statsA, statsB].map((s) => {
    const g = gradient(s, 1);
    return { pre: quadraticForm(s, [0, 0, g[2], g[3]]), cross: quadraticForm(s, [0, 0, g[2], g[3]], [g[0], g[1], 0, 0]) };
  });
  const preVariance = parts[0].pre + parts[1].pre;
  const theta = preVariance === 0 ? 0 : -(parts[0].cross + parts[1].cross) / preVariance;
  const adjusted = (s: MomentMatrixStats): number => s.mean[0] / s.mean[1] - (theta * s.mean[2]) / s.mean[3];
  const controlRatio = statsA.mean[0] / statsA.mean[1];
  if (controlRatio === 0) throw new InsufficientDataError('statsA.mean[0]', 0, 'a relative lift needs a non-zero control ratio');
  const adjustedA = adjusted(statsA), adjustedB = adjusted(statsB);
  const size = Math.abs(controlRatio);
  const difference = (adjustedB - adjustedA) * Math.sign(controlRatio);
  const [mA, dA] = statsA.mean;
  const gA = gradient(statsA, theta), gB = gradient(statsB, theta);
  const controlGradient = [-(size + difference) / dA / size ** 2, (mA * (size + difference)) / dA ** 2 / size ** 2, -gA[2] / size, -gA[3] / size];
  const treatmentGradient = gB.map((g) => g / size);
  const variance = quadraticForm(statsA, controlGradient) / statsA.n + quadraticForm(statsB, treatmentGradient) / statsB.n;
  const armVariance = (s: MomentMatrixStats, g: number[]) => ({ n: s.n, varianceOfMean: quadraticForm(s, g) / s.n });
  return effectTestResult({
    method: `CUPED-adjusted relative lift ${distribution === 't' ? 'Welch t' : 'z'} test for a ratio metric`,
    estimate: (adjustedB - adjustedA) / size,
    estimateName: 'adjusted relative lift in ratios (B - A)/|A|',
    standardError: Math.sqrt(Math.max(0, variance)),
    nullValue: 0,
    alternative,
    confidenceLevel,
    df: distribution === 't' ? welchDf(armVariance(statsA, gA), armVariance(statsB, gB)) : undefined,
    details: { theta, adjustedRatioA: adjustedA, adjustedRatioB: adjustedB, ratioA: controlRatio, ratioB: statsB.mean[0] / statsB.mean[1] },
  });
}
