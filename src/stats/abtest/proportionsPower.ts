import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertOpenUnitInterval, assertPositive, checkChoice, checkOptions } from '../../core/validate.js';
import type { CheckedPowerOptions, NormalDesign, PowerOptions, SampleSizeResult } from './normalPower.js';
import { bisectIncreasing, checkEffectDirection, checkPowerOptions, normalPower, solveSampleSize } from './normalPower.js';

export interface ProportionsDesignOptions extends PowerOptions {
  /** Control (arm A) proportion; required unless `effectSize` is given. */
  baseline?: number;
  /** Effect to detect: pB − pA ('absolute', default) or pB/pA − 1 ('relative'). */
  mde?: number;
  mdeType?: 'absolute' | 'relative';
  /**
   * Alternatively, Cohen's h = cohensH(pB, pA): the design then lives on the arcsine scale,
   * matching statsmodels NormalIndPower with proportion_effectsize.
   */
  effectSize?: number;
  /**
   * Null-hypothesis variance for `mde` designs. 'pooled' (default): the pooled proportion under
   * H0 and the separate ones under H1 — R's power.prop.test (ratio 1) and statsmodels
   * power_proportions_2indep. 'unpooled': pA(1 − pA) + pB(1 − pB)/ratio under both —
   * statsmodels NormalIndPower with effect size (pB − pA)·√(1 + 1/ratio)/√(pAqA + pBqB/ratio).
   */
  variance?: 'pooled' | 'unpooled';
}

export interface ProportionsSampleSizeOptions extends ProportionsDesignOptions {
  /** Target power, default 0.8. */
  power?: number;
}

export interface ProportionsPowerOptions extends ProportionsDesignOptions {
  /** Units in arm A (arm B has ratio·n). */
  n: number;
}

export interface ProportionsMdeOptions extends PowerOptions {
  n: number;
  baseline: number;
  /** Target power, default 0.8. */
  power?: number;
  variance?: 'pooled' | 'unpooled';
}

/** Minimum detectable effect of a proportions design. */
export interface ProportionsMde {
  /** pB − pA: positive for 'greater' and 'two-sided' (the upward MDE), negative for 'less'. */
  mde: number;
  /** pB/pA − 1. */
  relativeMde: number;
  /** pB at the MDE. */
  treatmentProportion: number;
}

export interface ProportionsPowerCurveOptions extends PowerOptions {
  baseline: number;
  mde: number;
  mdeType?: 'absolute' | 'relative';
  /** Arm-A sizes to evaluate. */
  ns: number[];
  /** Target power for the MDE column, default 0.8. */
  power?: number;
  variance?: 'pooled' | 'unpooled';
}

/** One row of a power curve: power at the given MDE, and the MDE at the target power. */
export interface PowerCurveRow {
  n: number;
  power: number;
  /** Absolute MDE at the target power, or null when no proportion in [0, 1] reaches it. */
  mde: number | null;
}

const VARIANCES = ['pooled', 'unpooled'] as const;
type VarianceForm = (typeof VARIANCES)[number];

function checkBaseline(baseline: unknown): number {
  assertOpenUnitInterval('options.baseline', baseline);
  return baseline;
}

/** z-test design for control pA, treatment pB and allocation ratio nB/nA. */
function proportionsDesign(pA: number, pB: number, ratio: number, variance: VarianceForm): NormalDesign {
  const sigmaAlt = Math.sqrt(pA * (1 - pA) + (pB * (1 - pB)) / ratio);
  if (variance === 'unpooled') return { effect: pB - pA, sigmaNull: sigmaAlt, sigmaAlt };
  const pooled = (pA + ratio * pB) / (1 + ratio);
  return { effect: pB - pA, sigmaNull: Math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio)), sigmaAlt };
}

/** Resolves the design options (mde on the proportion scale, or Cohen's h on the arcsine scale). */
function designFromOptions(options: ProportionsDesignOptions, checked: CheckedPowerOptions, requireDirection = true): NormalDesign {
  const variance = checkChoice('options.variance', options.variance, VARIANCES, 'pooled');
  if (options.effectSize !== undefined) {
    if (options.mde !== undefined) throw new InvalidArgumentError('options.mde', options.mde, 'give either mde or effectSize, not both');
    assertFiniteNumber('options.effectSize', options.effectSize);
    if (requireDirection) checkEffectDirection('options.effectSize', options.effectSize, checked.alternative);
    const sigma = Math.sqrt(1 + 1 / checked.ratio);
    return { effect: options.effectSize, sigmaNull: sigma, sigmaAlt: sigma };
  }
  const pA = checkBaseline(options.baseline);
  assertFiniteNumber('options.mde', options.mde);
  const mdeType = checkChoice('options.mdeType', options.mdeType, ['absolute', 'relative'] as const, 'absolute');
  const pB = mdeType === 'absolute' ? pA + options.mde : pA * (1 + options.mde);
  if (!(pB >= 0 && pB <= 1)) throw new InvalidArgumentError('options.mde', options.mde, `the treatment proportion ${pB} must lie in [0, 1]`);
  if (requireDirection) checkEffectDirection('options.mde', pB - pA, checked.alternative);
  return proportionsDesign(pA, pB, checked.ratio, variance);
}

function checkTargetPower(power: unknown): number {
  const value = power ?? 0.8;
  assertOpenUnitInterval('options.power', value);
  return value;
}

function checkArmSize(n: unknown): number {
  assertPositive('options.n', n);
  return n;
}

/**
 * Units per arm for a two-sample z test of proportions to reach `power` (normal approximation).
 * Solves power(nA) = target exactly (bisection) with the two-sided power counting both tails,
 * which is why two-sided results are a hair below the one-tail closed form
 * n = (z_{1−α/2}σ0 + z_{power}σ1)²/δ². See {@link ProportionsDesignOptions.variance} for which
 * variance form matches R and which statsmodels.
 *
 * References: Fleiss, Levin & Paik (2003) §4.2; Cohen (1988) ch. 6; Chow, Shao & Wang (2008)
 * Sample Size Calculations in Clinical Research, §4.2.
 *
 * @throws {InvalidArgumentError} for a baseline outside (0, 1), a zero effect or one against a
 * one-sided alternative, a treatment proportion outside [0, 1], alpha/power outside (0, 1),
 * a non-positive ratio or an unknown option value.
 * @example
 * proportionsSampleSize({ baseline: 0.1, mde: 0.02 }).nA; // 3841
 */
export function proportionsSampleSize(options: ProportionsSampleSizeOptions): SampleSizeResult {
  options = checkOptions('options', options);
  const checked = checkPowerOptions(options);
  const power = checkTargetPower(options.power);
  return solveSampleSize(designFromOptions(options, checked), power, checked);
}

/**
 * Power of the two-sample z test of proportions with n units in arm A and ratio·n in arm B.
 * Same designs as {@link proportionsSampleSize}. A zero effect, or one pointing against a one-sided
 * alternative, gets its (small, at most α) power, as R's pwr.2p.test and statsmodels'
 * NormalIndPower report it: e.g. h = 0.01, n = 80, 'less' gives 0.0438089705093578.
 * @throws {InvalidArgumentError} for a bad baseline, treatment proportion, alpha, ratio or option, or n ≤ 0.
 * @example
 * proportionsPower({ baseline: 0.1, mde: 0.02, n: 3841 }).toFixed(4); // '0.8000'
 */
export function proportionsPower(options: ProportionsPowerOptions): number {
  options = checkOptions('options', options);
  const checked = checkPowerOptions(options);
  const n = checkArmSize(options.n);
  return normalPower(designFromOptions(options, checked, false), n, checked.alpha, checked.alternative);
}

/** Absolute MDE with n units in arm A, or null when even pB = 0 or 1 misses the target power. */
function solveMde(pA: number, n: number, power: number, checked: CheckedPowerOptions, variance: VarianceForm): number | null {
  const direction = checked.alternative === 'less' ? -1 : 1;
  const maxEffect = direction > 0 ? 1 - pA : pA;
  const gap = (size: number): number =>
    normalPower(proportionsDesign(pA, pA + direction * size, checked.ratio, variance), n, checked.alpha, checked.alternative) - power;
  if (gap(maxEffect) < 0) return null;
  return direction * bisectIncreasing(gap, 0, maxEffect);
}

/**
 * Minimum detectable effect: the smallest pB − pA (upward for 'two-sided' and 'greater',
 * downward for 'less') that the design detects with the target power, found by bisection on the
 * power function of {@link proportionsPower}.
 * @throws {InvalidArgumentError} for bad options.
 * @throws {InsufficientDataError} when no treatment proportion in [0, 1] reaches the power.
 * @example
 * proportionsMde({ n: 3841, baseline: 0.1 }).mde.toFixed(4); // '0.0200'
 */
export function proportionsMde(options: ProportionsMdeOptions): ProportionsMde {
  options = checkOptions('options', options);
  const checked = checkPowerOptions(options);
  const n = checkArmSize(options?.n);
  const pA = checkBaseline(options.baseline);
  const power = checkTargetPower(options.power);
  const variance = checkChoice('options.variance', options.variance, VARIANCES, 'pooled');
  const mde = solveMde(pA, n, power, checked, variance);
  if (mde === null) throw new InsufficientDataError('options.n', n, 'no treatment proportion in [0, 1] reaches the requested power');
  return { mde, relativeMde: mde / pA, treatmentProportion: pA + mde };
}

/**
 * Power curve for planning: for each arm-A size n, the power at the given MDE and the MDE at the
 * target power (rows ready for a table or a plot).
 * @throws {InvalidArgumentError} for bad options or sizes.
 * @example
 * proportionsPowerCurve({ baseline: 0.1, mde: 0.02, ns: [1000, 4000] })
 *   .map((r) => [r.n, r.power.toFixed(3), r.mde?.toFixed(4)]);
 * // [[1000, '0.298', '0.0407'], [4000, '0.816', '0.0196']]
 */
export function proportionsPowerCurve(options: ProportionsPowerCurveOptions): PowerCurveRow[] {
  options = checkOptions('options', options);
  const checked = checkPowerOptions(options);
  const power = checkTargetPower(options.power);
  const variance = checkChoice('options.variance', options.variance, VARIANCES, 'pooled');
  const baseline = checkBaseline(options?.baseline);
  const design = designFromOptions(options, checked);
  if (!Array.isArray(options.ns) || options.ns.length === 0) throw new InvalidArgumentError('options.ns', options.ns, 'expected a non-empty array of arm sizes');
  return options.ns.map((n, i) => {
    assertPositive(`options.ns[${i}]`, n);
    return {
      n,
      power: normalPower(design, n, checked.alpha, checked.alternative),
      mde: solveMde(baseline, n, power, checked, variance),
    };
  });
}
