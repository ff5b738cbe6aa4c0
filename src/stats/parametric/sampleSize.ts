/**
 * Sample size of a t-test for a target power.
 */
import { assertFiniteNumber, assertOpenUnitInterval, checkAlternative, type Alternative } from '../../core/validate.js';
import { checkAlpha, checkDesign, powerOf, solveSampleSize, type TTestDesign } from './power.js';

export interface TTestSampleSizeOptions {
  effectSize: number;
  /** Target power in (0, 1), e.g. 0.8. */
  power: number;
  alpha?: number;
  alternative?: Alternative;
  design?: TTestDesign;
}

export interface TTestSampleSizeResult {
  /** Smallest integer sample size per group (pairs when paired) whose power reaches the target. */
  n: number;
  /** Power achieved with that integer n (≥ the target). */
  power: number;
  /** The continuous solution of power(n) = target (what R's power.t.test reports as n). */
  fractionalN: number;
  targetPower: number;
  effectSize: number;
  alpha: number;
  alternative: Alternative;
  design: TTestDesign;
}

/**
 * Smallest n per group with power(n) ≥ `power`, from the noncentral-t power function (see
 * {@link tTestPower}): the continuous root of power(n) = target is found by Brent's method on
 * [2, 10⁷] (as R's power.t.test) and rounded up, then checked against the integer neighbours.
 *
 * @param options `effectSize` (d, non-zero; negative for 'less'), `power` (target), `alpha` (0.05),
 *   `alternative` ('two-sided'), `design` ('two-sample')
 * @throws {InvalidArgumentError} on bad options, or when the target power cannot be reached
 *   (effect size 0 or in the wrong direction for a one-sided alternative, or n > 10⁷ needed).
 * @example
 * tTestSampleSize({ effectSize: 0.5, power: 0.8, design: 'two-sample' });
 * // { n: 64, power: 0.8014595579222542, fractionalN: 63.76561019095232, targetPower: 0.8, effectSize: 0.5,
 * //   alpha: 0.05, alternative: 'two-sided', design: 'two-sample' }
 */
export function tTestSampleSize(options: TTestSampleSizeOptions): TTestSampleSizeResult {
  const opts = options ?? ({} as TTestSampleSizeOptions);
  assertFiniteNumber('options.effectSize', opts.effectSize);
  assertOpenUnitInterval('options.power', opts.power);
  const { effectSize, power: targetPower } = opts;
  const alpha = checkAlpha(opts.alpha);
  const alternative = checkAlternative(opts.alternative);
  const design = checkDesign(opts.design);
  const fractionalN = solveSampleSize(effectSize, targetPower, alpha, alternative, design);
  const powerAt = (n: number): number => powerOf(effectSize, n, alpha, alternative, design);
  // Rounding up can overshoot by one when the root sits a hair above an integer.
  let n = Math.max(2, Math.ceil(fractionalN));
  while (n > 2 && powerAt(n - 1) >= targetPower) n--;
  while (powerAt(n) < targetPower) n++;
  return { n, power: powerAt(n), fractionalN, targetPower, effectSize, alpha, alternative, design };
}
