import { assertFiniteNumber, assertOpenUnitInterval, assertPositive, checkOptions } from '../../core/validate.js';
import type { CheckedPowerOptions, PowerOptions, SampleSizeResult } from './normalPower.js';
import { checkEffectDirection, checkPowerOptions, solveSampleSize } from './normalPower.js';

export interface MeansSampleSizeOptions extends PowerOptions {
  /** Standard deviation of the metric per unit (assumed equal in both arms). */
  sd: number;
  /** Difference of means to detect, meanB − meanA. */
  mde: number;
  /** Target power, default 0.8. */
  power?: number;
}

/** Validates what every z-test design for means shares: alpha, alternative, ratio, sd and target power (default 0.8). */
export function checkMeansDesign(options: PowerOptions & { sd: number; power?: number }): { checked: CheckedPowerOptions; power: number } {
  options = checkOptions('options', options);
  const checked = checkPowerOptions(options);
  assertPositive('options.sd', options.sd);
  const power = options.power ?? 0.8;
  assertOpenUnitInterval('options.power', power);
  return { checked, power };
}

/**
 * Units per arm for a two-sample z test of means: solves power(nA) = target with
 * se = sd·√((1 + 1/ratio)/nA), i.e. statsmodels NormalIndPower().solve_power(effect_size =
 * mde/sd, ratio = ratio). Large-sample (z) planning, as usual for online experiments; a t test
 * needs slightly more units when n is small.
 *
 * Reference: Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, §3.2.
 *
 * @throws {InvalidArgumentError} for a non-positive sd, a zero mde or one against a one-sided
 * alternative, alpha/power outside (0, 1) or a non-positive ratio.
 * @example
 * meansSampleSize({ sd: 10, mde: 1 }).nA; // 1570
 */
export function meansSampleSize(options: MeansSampleSizeOptions): SampleSizeResult {
  const { checked, power } = checkMeansDesign(options);
  assertFiniteNumber('options.mde', options.mde);
  checkEffectDirection('options.mde', options.mde, checked.alternative);
  const sigma = options.sd * Math.sqrt(1 + 1 / checked.ratio);
  return solveSampleSize({ effect: options.mde, sigmaNull: sigma, sigmaAlt: sigma }, power, checked);
}
