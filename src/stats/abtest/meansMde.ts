import { normalQuantile } from '../core/distributions.js';
import { assertPositive } from '../../core/validate.js';
import { checkMeansDesign } from './meansSampleSize.js';
import type { PowerOptions } from './normalPower.js';

export interface MeansMdeOptions extends PowerOptions {
  /** Standard deviation of the metric per unit (the control's, used for both arms). */
  sd: number;
  /** Units in arm A now; arm B has ratio·n. */
  n: number;
  /** Target power, default 0.8. */
  power?: number;
}

/**
 * Minimum detectable (powered) effect of the z test of means with the units at hand:
 * (z_{1−α/2} + z_power)·sd·√(1/n + 1/(ratio·n)) (z_{1−α} one-sided), the closed form that counts
 * one rejection tail. This is Spotify confidence's "powered effect" (ZTest.difference): its
 * kappa = n_A/n_B and proportion of total cancel to the same √(1/n_A + 1/n_B), with the control's
 * sample variance in both arms — also its non-inferiority convention (one-sided α, equal variances).
 * Absolute scale; confidence's relative powered effect divides it by the control mean.
 *
 * Reference: Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, §3.2.
 *
 * @throws {InvalidArgumentError} for a non-positive sd, n or ratio, or alpha/power outside (0, 1).
 * @example
 * meansMde({ sd: 1, n: 100 }).toFixed(4); // '0.3962'
 */
export function meansMde(options: MeansMdeOptions): number {
  const { checked, power } = checkMeansDesign(options);
  assertPositive('options.n', options.n);
  const zAlpha = normalQuantile(1 - (checked.alternative === 'two-sided' ? checked.alpha / 2 : checked.alpha));
  return (zAlpha + normalQuantile(power)) * options.sd * Math.sqrt(1 / options.n + 1 / (checked.ratio * options.n));
}
