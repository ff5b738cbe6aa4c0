import { InsufficientDataError } from '../../core/errors.js';
import type { ConfidenceInterval } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import type { Alternative } from '../../core/validate.js';
import { checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import type { ArmMoments } from './armMoments.js';
import { armMoments } from './armMoments.js';
import { criticalZ, waldInterval } from './normalTest.js';

/** A lift (treatment B against control A) with its standard error and confidence interval. */
export interface LiftEstimate {
  /** meanB − meanA (absolute) or meanB/meanA − 1 (relative). */
  estimate: number;
  /** Standard error (delta method for the relative lift). */
  standardError: number;
  ci: ConfidenceInterval;
  method: 'wald' | 'delta' | 'fieller';
  meanA: number;
  meanB: number;
}

export interface AbsoluteLiftOptions {
  /** Default 0.95. */
  confidenceLevel?: number;
}

export interface RelativeLiftOptions extends AbsoluteLiftOptions {
  /** 'delta' (default, as GrowthBook) or 'fieller' (exact for a ratio of normal means, asymmetric). */
  method?: 'delta' | 'fieller';
}

/**
 * Absolute lift meanB − meanA with the unpooled Wald interval, se² = Var(meanA) + Var(meanB).
 * Works for {@link MeanStats} (sample variance) and {@link ProportionStats} (Bernoulli variance
 * p(1 − p)); for proportions the interval is that of R's `prop.test`.
 *
 * Reference: Kohavi, Tang & Xu (2020) Trustworthy Online Controlled Experiments, ch. 17.
 *
 * @throws {InsufficientDataError} for an empty proportion arm or a mean arm with n < 2.
 * @throws {InvalidArgumentError} for a bad summary or confidence level.
 * @example
 * const lift = absoluteLift(new ProportionStats(1000, 100), new ProportionStats(1000, 130));
 * [lift.estimate, lift.standardError.toFixed(6)]; // [0.03, '0.014251']
 */
export function absoluteLift(statsA: SampleSummary, statsB: SampleSummary, options: AbsoluteLiftOptions = {}): LiftEstimate {
  const level = checkConfidenceLevel(options.confidenceLevel);
  const a = armMoments('statsA', statsA);
  const b = armMoments('statsB', statsB);
  const standardError = Math.sqrt(a.varianceOfMean + b.varianceOfMean);
  const estimate = b.mean - a.mean;
  return { estimate, standardError, ci: waldInterval(estimate, standardError, level, 'two-sided'), method: 'wald', meanA: a.mean, meanB: b.mean };
}

/** Throws unless the control mean is non-zero, the denominator of every relative lift. */
export function requireNonZeroControl(a: ArmMoments): void {
  if (a.mean === 0) throw new InsufficientDataError('statsA.mean', 0, 'a relative lift needs a non-zero control mean');
}

/** Delta-method standard error of meanB/meanA: √(Var(B)/Ā² + B̄²·Var(A)/Ā⁴). */
export function ratioStandardError(a: ArmMoments, b: ArmMoments): number {
  return Math.sqrt(b.varianceOfMean / a.mean ** 2 + (b.mean ** 2 * a.varianceOfMean) / a.mean ** 4);
}

/**
 * Fieller's confidence set for ρ = meanB/meanA with independent arms: the ρ for which
 * |meanB − ρ·meanA| ≤ z·√(Var(B) + ρ²Var(A)), i.e. the roots of
 * ρ²(Ā² − z²Var(A)) − 2ρĀB̄ + (B̄² − z²Var(B)) = 0. Bounded only when Ā² > z²Var(A); otherwise the
 * set is unbounded and an infinite bound is returned on the affected side(s).
 */
export function fiellerInterval(a: ArmMoments, b: ArmMoments, level: number, alternative: Alternative): ConfidenceInterval {
  const z = criticalZ(level, alternative);
  const z2 = z * z;
  const quadratic = a.mean ** 2 - z2 * a.varianceOfMean;
  const discriminant = (a.mean * b.mean) ** 2 - quadratic * (b.mean ** 2 - z2 * b.varianceOfMean);
  if (!(quadratic > 0) || discriminant < 0) return { lower: -Infinity, upper: Infinity, level };
  const root = Math.sqrt(discriminant);
  return {
    lower: alternative === 'less' ? -Infinity : (a.mean * b.mean - root) / quadratic,
    upper: alternative === 'greater' ? Infinity : (a.mean * b.mean + root) / quadratic,
    level,
  };
}

/**
 * Relative lift meanB/meanA − 1. Its standard error comes from the delta method,
 * Var(B̄/Ā) ≈ Var(B̄)/Ā² + B̄²Var(Ā)/Ā⁴ (as GrowthBook's gbstats and Kohavi et al. use); the
 * interval is either symmetric (delta) or Fieller's exact interval for a ratio of two normal
 * means, which is asymmetric and more accurate when the control mean is noisy. Works for
 * {@link MeanStats} and {@link ProportionStats}.
 *
 * References: Kohavi, Tang & Xu (2020) ch. 18; Fieller (1954) JRSS B 16(2), 175–185;
 * Deng, Knoblich & Lu (2018) KDD "Applying the delta method in metric analytics".
 *
 * @throws {InsufficientDataError} for empty arms or a zero control mean, and with 'fieller' when
 * the control mean is not significantly different from zero (unbounded interval).
 * @throws {InvalidArgumentError} for a bad summary, confidence level or method.
 * @example
 * const lift = relativeLift(new ProportionStats(1000, 100), new ProportionStats(1000, 130));
 * [lift.estimate.toFixed(2), lift.standardError.toFixed(6)]; // ['0.30', '0.162850']
 */
export function relativeLift(statsA: SampleSummary, statsB: SampleSummary, options: RelativeLiftOptions = {}): LiftEstimate {
  const level = checkConfidenceLevel(options.confidenceLevel);
  const method = checkChoice('options.method', options.method, ['delta', 'fieller'] as const, 'delta');
  const a = armMoments('statsA', statsA);
  const b = armMoments('statsB', statsB);
  requireNonZeroControl(a);
  const estimate = b.mean / a.mean - 1;
  const standardError = ratioStandardError(a, b);
  let ci = waldInterval(estimate, standardError, level, 'two-sided');
  if (method === 'fieller') {
    const ratio = fiellerInterval(a, b, level, 'two-sided');
    if (!Number.isFinite(ratio.lower) || !Number.isFinite(ratio.upper)) {
      throw new InsufficientDataError('statsA.mean', a.mean, 'the control mean is not significantly different from 0, so Fieller\'s interval is unbounded');
    }
    ci = { lower: ratio.lower - 1, upper: ratio.upper - 1, level };
  }
  return { estimate, standardError, ci, method, meanA: a.mean, meanB: b.mean };
}
