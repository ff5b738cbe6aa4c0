import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertPositive, checkChoice, checkOptions } from '../../core/validate.js';
import type { PowerOptions } from './normalPower.js';
import { checkPowerOptions, normalPower } from './normalPower.js';

export interface MeansPowerOptions extends PowerOptions {
  /** Standard deviation of the metric per unit. */
  sd: number;
  /** True difference of means meanB − meanA ('two-sample') or mean − null value ('one-sample'). */
  mde: number;
  /** Units in arm A (two-sample; arm B has ratio·n) or in the one sample. */
  n: number;
  /** 'two-sample' (default) or 'one-sample' (statsmodels NormalIndPower with ratio = 0, R pwr.norm.test). */
  design?: 'two-sample' | 'one-sample';
}

/**
 * Power of the z test of means: with δ = mde/sd and se factor s = √(1 + 1/ratio) (two-sample) or
 * 1 (one-sample), power is Φ̄(z_{1−α} − δ√n/s) for 'greater', Φ(−z_{1−α} − δ√n/s) for 'less', and
 * both tails at z_{1−α/2} for 'two-sided'. An effect of 0 or against a one-sided alternative gets
 * its small power (≤ α), as R and statsmodels report it, not an error.
 *
 * Reference: Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, §3.1–3.2.
 *
 * @throws {InvalidArgumentError} for a non-positive sd or n, a non-finite mde, alpha outside (0, 1),
 * a non-positive ratio, a ratio with the one-sample design, or a bad option.
 * @example
 * meansPower({ sd: 1, mde: 0.3, n: 40, design: 'one-sample' }); // 0.47510087057263717 (R pwr.norm.test: 0.475100870572638)
 */
export function meansPower(options: MeansPowerOptions): number {
  const checked = checkPowerOptions(options);
  options = checkOptions('options', options);
  const design = checkChoice('options.design', options.design, ['two-sample', 'one-sample'] as const, 'two-sample');
  if (design === 'one-sample' && options.ratio !== undefined) {
    throw new InvalidArgumentError('options.ratio', options.ratio, "a group-size ratio needs design 'two-sample'");
  }
  assertPositive('options.sd', options.sd);
  assertFiniteNumber('options.mde', options.mde);
  assertPositive('options.n', options.n);
  const sigma = design === 'one-sample' ? options.sd : options.sd * Math.sqrt(1 + 1 / checked.ratio);
  return normalPower({ effect: options.mde, sigmaNull: sigma, sigmaAlt: sigma }, options.n, checked.alpha, checked.alternative);
}
