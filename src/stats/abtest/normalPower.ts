import { ConvergenceError, InvalidArgumentError } from '../../core/errors.js';
import { normalCdf, normalQuantile, normalSf } from '../core/distributions.js';
import type { Alternative } from '../../core/validate.js';
import { assertOpenUnitInterval, assertPositive, checkAlternative, checkOptions } from '../../core/validate.js';

/**
 * A two-arm z-test design: the true difference `effect` (B − A) and the standard error of the
 * estimated difference written as σ/√nA, with σ under the null (`sigmaNull`) and under the
 * alternative (`sigmaAlt`); they differ for proportions with a pooled null variance.
 */
export interface NormalDesign {
  effect: number;
  sigmaNull: number;
  sigmaAlt: number;
}

/** Options shared by every sample-size calculation. */
export interface PowerOptions {
  /** Significance level, default 0.05. */
  alpha?: number;
  /** Alternative for B − A, default 'two-sided'. */
  alternative?: Alternative;
  /** Allocation ratio nB/nA, default 1. */
  ratio?: number;
}

/** Sample sizes for a two-arm test: arm A (control) and arm B (treatment, ratio·nA). */
export interface SampleSizeResult {
  /** Units in arm A, rounded up. */
  nA: number;
  /** Units in arm B, ⌈ratio·exactNA⌉. */
  nB: number;
  total: number;
  /** The unrounded solution for arm A (what statsmodels' solve_power and R return). */
  exactNA: number;
}

export interface CheckedPowerOptions {
  alpha: number;
  alternative: Alternative;
  ratio: number;
}

export function checkPowerOptions(options: PowerOptions): CheckedPowerOptions {
  options = checkOptions('options', options);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const ratio = options.ratio ?? 1;
  assertPositive('options.ratio', ratio);
  return { alpha, alternative: checkAlternative(options.alternative), ratio };
}

/**
 * Power of the z test with nA units in arm A. Two-sided power counts both rejection regions,
 * Φ̄((z·σ0 − δ√n)/σ1) + Φ((−z·σ0 − δ√n)/σ1) with z = z_{1−α/2}, as statsmodels' normal_power and
 * R's power.prop.test(strict = TRUE) do; one-sided uses z_{1−α} and the matching tail.
 */
export function normalPower(design: NormalDesign, nA: number, alpha: number, alternative: Alternative): number {
  const shift = design.effect * Math.sqrt(nA);
  if (alternative === 'two-sided') {
    const z = -normalQuantile(alpha / 2);
    return normalSf((z * design.sigmaNull - shift) / design.sigmaAlt) + normalCdf((-z * design.sigmaNull - shift) / design.sigmaAlt);
  }
  const z = -normalQuantile(alpha);
  const directed = alternative === 'greater' ? shift : -shift;
  return normalSf((z * design.sigmaNull - directed) / design.sigmaAlt);
}

/**
 * Smallest x in (lo, hi] with f(x) ≥ 0 for f increasing on the bracket, by bisection to the last
 * representable digit (a few hundred evaluations of cheap closed forms at most).
 */
export function bisectIncreasing(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) return hi;
    if (f(mid) >= 0) hi = mid;
    else lo = mid;
  }
  throw new ConvergenceError(`bisection did not converge on [${lo}, ${hi}]`);
}

/** Throws unless `effect` is non-zero and points the way a one-sided alternative looks. */
export function checkEffectDirection(name: string, effect: number, alternative: Alternative): void {
  if (effect === 0 || (alternative === 'greater' && effect < 0) || (alternative === 'less' && effect > 0)) {
    throw new InvalidArgumentError(name, effect, alternative === 'two-sided'
      ? 'expected a non-zero effect'
      : `expected an effect in the direction of alternative '${alternative}'`);
  }
}

/** Unrounded nA at which the design reaches `power`, plus the rounded arm sizes. */
export function solveSampleSize(design: NormalDesign, power: number, options: CheckedPowerOptions): SampleSizeResult {
  const { alpha, alternative, ratio } = options;
  const gap = (n: number): number => normalPower(design, n, alpha, alternative) - power;
  if (gap(0) >= 0) {
    throw new InvalidArgumentError('options.power', power, `expected a power above the test's size (${gap(0) + power} at n = 0)`);
  }
  let hi = 1;
  while (gap(hi) < 0) {
    hi *= 2;
    if (hi > 1e300) throw new ConvergenceError('no finite sample size reaches the requested power');
  }
  const exactNA = bisectIncreasing(gap, hi === 1 ? 0 : hi / 2, hi);
  // Tolerate rounding so an exact integer solution is not bumped up by one.
  const nA = Math.ceil(exactNA * (1 - 1e-12));
  const nB = Math.ceil(exactNA * ratio * (1 - 1e-12));
  return { nA, nB, total: nA + nB, exactNA };
}
