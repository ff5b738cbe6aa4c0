import { InvalidArgumentError } from '../../core/errors.js';
import type { ConfidenceInterval } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import type { Alternative } from '../../core/validate.js';
import { assertOpenUnitInterval, assertPositive, checkAlternative } from '../../core/validate.js';
import { mixtureLook, oneSidedMixtureLook } from './normalMixture.js';
import { meanEstimate } from './summaries.js';

export interface ConfidenceSequenceOptions {
  /** Summary of the sample (one-sample mean), or of arm A when `b` is given. */
  a: SampleSummary;
  /** Summary of arm B: the sequence is then for the difference of means b − a. */
  b?: SampleSummary;
  /** 1 − coverage, uniformly over time. Default 0.05. */
  alpha?: number;
  /** Tuning parameter ρ > 0 of the Gaussian mixture. Give this or `targetN`. */
  rho?: number;
  /** Sample size (per arm) at which the sequence should be tightest; sets ρ by the paper's rule. */
  targetN?: number;
  /**
   * 'two-sided' (default), or a one-sided sequence: 'greater' bounds the effect from below
   * (upper = ∞), 'less' from above.
   */
  alternative?: Alternative;
}

/** The (1 − α) confidence sequence at the current sample: its interval (level = 1 − α) and how it was built. */
export interface ConfidenceSequence extends ConfidenceInterval {
  estimate: number;
  halfWidth: number;
  rho: number;
  /** t in the boundary: n for a mean, σ̂_Δ²/s² (= n per arm when balanced) for a difference. */
  intrinsicTime: number;
  /** Smallest α whose sequence excludes 0 at this time (not yet minimised over past times). */
  pValue: number;
  alternative: Alternative;
}

/**
 * Asymptotic (1 − α) confidence sequence for a mean or a difference of means (Waudby-Smith, Arbour,
 * Sinha, Kennedy & Ramdas 2023, "Time-uniform central limit theory and asymptotic confidence
 * sequences", Theorem 2.2, Gaussian-mixture boundary):
 *   μ̂_t ± σ̂_t · √( 2(tρ² + 1)/(t²ρ²) · ln(√(tρ² + 1)/α) ),
 * valid simultaneously for all t as t → ∞. For a difference of means σ̂² = σ̂_a² + σ̂_b² (one pair)
 * and t = σ̂²/(σ̂_a²/n_a + σ̂_b²/n_b), which is the per-arm n when n_a = n_b. Without `rho`,
 * ρ² = (2 ln(1/α) + ln(1 + 2 ln(1/α)))/targetN, which approximately minimises the width at t = targetN.
 * Intervals from successive looks may be intersected (the monitor does).
 * One-sided (`alternative` 'greater' or 'less'; the paper's eq. for a one-sided boundary, as
 * GrowthBook's SequentialOneSidedTreatment*TTest): μ̂_t − σ̂_t·√(2(tρ²+1)/(t²ρ²)·ln(1 + √(tρ²+1)/(2α)))
 * for 'greater', ρ tuned with 2α in place of α; its p-value is the α at which that bound reaches 0,
 * √(1 + r)/(2(e^L − 1)) with r = tρ², L = z²r/(2(1 + r)) (1 when the estimate is on the wrong side;
 * capped at 1). Convention: gbstats measures t in total units n_A + n_B with ρ tuned for 5000 units
 * and finds its p-value by bisection (to 1e-6 on the bound), so pass ρ with tρ² equal to its
 * n·ρ² to reproduce it; the p-values then agree to about 1e-4.
 *
 * @throws {InvalidArgumentError} bad summaries, alpha outside (0, 1) (or ≥ 0.5 one-sided), rho/targetN not positive or both missing, a bad alternative.
 * @throws {InsufficientDataError} zero variance.
 * @example
 * const cs = asymptoticConfidenceSequence({ a: { n: 400, mean: 1.2, variance: 4 }, targetN: 400 });
 * [cs.lower.toFixed(4), cs.upper.toFixed(4)]; // → ['0.8965', '1.5035']
 */
export function asymptoticConfidenceSequence(options: ConfidenceSequenceOptions): ConfidenceSequence {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected an options object');
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const alternative = checkAlternative(options.alternative);
  if (alternative !== 'two-sided' && alpha >= 0.5) throw new InvalidArgumentError('options.alpha', alpha, 'expected alpha < 0.5 for a one-sided sequence');
  const rho = resolveRho(options.rho, options.targetN, alternative === 'two-sided' ? alpha : 2 * alpha);
  const { estimate, squaredStandardError, unitVariance } = meanEstimate(options.a, options.b, ['options.a', 'options.b']);
  const intrinsicTime = unitVariance / squaredStandardError;
  const ratio = intrinsicTime * rho * rho;
  const look = alternative === 'two-sided'
    ? mixtureLook(estimate, Math.sqrt(squaredStandardError), ratio, alpha, 0)
    : oneSidedMixtureLook(estimate, Math.sqrt(squaredStandardError), ratio, alpha, alternative);
  const halfWidth = alternative === 'less' ? look.upper - estimate : estimate - look.lower;
  return { estimate, lower: look.lower, upper: look.upper, level: 1 - alpha, halfWidth, rho, intrinsicTime, pValue: look.pValue, alternative };
}

/** ρ given directly, or tuned for `targetN`. */
export function resolveRho(rho: number | undefined, targetN: number | undefined, alpha: number): number {
  if (rho !== undefined) {
    assertPositive('options.rho', rho);
    return rho;
  }
  if (targetN === undefined) throw new InvalidArgumentError('options.rho', rho, 'give rho or targetN');
  assertPositive('options.targetN', targetN);
  const logInverseAlpha = -2 * Math.log(alpha);
  return Math.sqrt((logInverseAlpha + Math.log1p(logInverseAlpha)) / targetN);
}
