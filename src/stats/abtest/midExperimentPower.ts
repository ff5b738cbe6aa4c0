import { InvalidArgumentError } from '../../core/errors.js';
import { normalCdf, normalQuantile, normalSf } from '../core/distributions.js';
import { brentRoot } from '../core/roots.js';
import { assertOpenUnitInterval, assertPositive } from '../../core/validate.js';

export interface MidExperimentPowerOptions {
  /** Standard error of the effect estimate now (any scale: absolute, or relative as gbstats uses). */
  standardError: number;
  /** Effect to detect, on the same scale as the standard error; its sign does not matter. */
  mde: number;
  /** Units observed so far (both arms); gives `additionalUnits`. Optional. */
  n?: number;
  /** Two-sided significance level, default 0.05. */
  alpha?: number;
  /** Target power, default 0.8. */
  power?: number;
}

export interface MidExperimentPowerResult {
  /** Power of the two-sided z test at the mde with the data so far. */
  currentPower: number;
  /**
   * s ≥ 0 such that s·n more units (same allocation and variance per unit) give the target power;
   * 0 when the experiment is already powered.
   */
  scalingFactor: number;
  /** scalingFactor·n, when n was given. */
  additionalUnits?: number;
  targetPower: number;
}

/**
 * Mid-experiment power: with the effect's standard error se now, collecting s·n more units scales
 * the variance to se²/(1 + s), and the two-sided z test at level α then has power
 * Φ̄((z·σ_s − |mde|)/σ_s) + Φ(−(z·σ_s + |mde|)/σ_s), σ_s = se/√(1 + s), z = z_{1−α/2}. The scaling
 * factor is the s where that power reaches the target, solved to machine precision (Brent).
 * GrowthBook's MidExperimentPower stops its bisection once the power is within 1e-5 of the target,
 * so its factor differs from this one in the fourth significant digit (25.45703125 against
 * 25.456480 on its own test case).
 *
 * Reference: GrowthBook gbstats power/midexperimentpower.py (frequentist, fixed-horizon branch).
 *
 * @throws {InvalidArgumentError} for a non-positive standard error, mde or n, or alpha/power outside (0, 1).
 * @example
 * const r = midExperimentPower({ standardError: Math.sqrt(2.004008016032064 / 500 * (1 + 1.05 ** 2)), mde: 0.05, n: 1000 });
 * r.scalingFactor.toFixed(4); // '25.4565'
 */
export function midExperimentPower(options: MidExperimentPowerOptions): MidExperimentPowerResult {
  const { standardError, mde, n } = options ?? ({} as MidExperimentPowerOptions);
  assertPositive('options.standardError', standardError);
  if (typeof mde !== 'number' || !Number.isFinite(mde) || mde === 0) throw new InvalidArgumentError('options.mde', mde, 'expected a finite non-zero effect');
  if (n !== undefined) assertPositive('options.n', n);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const targetPower = options.power ?? 0.8;
  assertOpenUnitInterval('options.power', targetPower);
  const z = normalQuantile(1 - alpha / 2);
  const effect = Math.abs(mde);
  const powerAt = (s: number): number => {
    const sd = standardError / Math.sqrt(1 + s);
    return normalSf(z - effect / sd) + normalCdf(-z - effect / sd);
  };
  const currentPower = powerAt(0);
  let scalingFactor = 0;
  if (currentPower < targetPower) {
    let upper = 1;
    while (powerAt(upper) < targetPower) upper *= 2; // power → 1 as s grows, so this ends
    scalingFactor = brentRoot((s) => powerAt(s) - targetPower, 0, upper, 1e-12);
  }
  return { currentPower, scalingFactor, additionalUnits: n === undefined ? undefined : scalingFactor * n, targetPower };
}
