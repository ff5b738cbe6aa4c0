/**
 * Power and sample size of t-tests from the noncentral t distribution (not the normal shortcut):
 * exact for normal data, as R's power.t.test(strict = TRUE) and statsmodels' TTestPower/TTestIndPower.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { studentTQuantile } from '../core/distributions.js';
import {
  assertFiniteNumber, assertOpenUnitInterval, assertPositive, checkAlternative, checkChoice, type Alternative,
} from '../../core/validate.js';
import { noncentralTCdf, noncentralTSf } from './noncentralT.js';
import { brentRoot, monotoneRoot } from '../core/roots.js';

/** Study design: one sample (or paired differences), or two independent groups of n each. */
export type TTestDesign = 'one-sample' | 'paired' | 'two-sample';
export const T_TEST_DESIGNS: readonly TTestDesign[] = ['one-sample', 'paired', 'two-sample'];

/** A fully specified power calculation, as R's power.htest. */
export interface TTestPowerResult {
  /** Standardized effect size: (true mean difference)/σ (Cohen's d, or d_z for paired designs). */
  effectSize: number;
  /** Sample size per group (number of pairs for paired designs); may be fractional. */
  n: number;
  power: number;
  alpha: number;
  alternative: Alternative;
  design: TTestDesign;
}

export interface TTestPowerOptions {
  effectSize: number;
  n: number;
  /** Significance level; default 0.05. */
  alpha?: number;
  /** Default 'two-sided'. For 'less' the effect size must be negative to have power above alpha. */
  alternative?: Alternative;
  /** Default 'two-sample' (as R's power.t.test). */
  design?: TTestDesign;
  /**
   * Two-sample designs only: size of the second group over the first, n₂ = ratio·n (statsmodels'
   * TTestIndPower `ratio`; R pwr.t2n.test with n1 = n, n2 = ratio·n). Default 1.
   */
  ratio?: number;
}

/** Smallest and largest sample size searched, as in R's power.t.test. */
const MIN_N = 2;
const MAX_N = 1e7;

export function checkDesign(value: unknown): TTestDesign {
  return checkChoice('options.design', value, T_TEST_DESIGNS, 'two-sample');
}

export function checkAlpha(value: unknown): number {
  const alpha = value ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  return alpha;
}

export function checkSampleSize(name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || !(n > 1)) {
    throw new InvalidArgumentError(name, n, 'expected a sample size > 1 (per group; fractional allowed)');
  }
  return n;
}

/**
 * Power of the level-α t-test for standardized effect `effectSize` with n per group, all inputs
 * already validated: with ν and δ the degrees of freedom and noncentrality of the design
 * (one-sample/paired: ν = n − 1, δ = d√n; two-sample with n₂ = ratio·n: ν = n + n₂ − 2,
 * δ = d√(n·n₂/(n + n₂)), i.e. ν = 2n − 2, δ = d√(n/2) for equal groups) and c the critical
 * value, power is P(T > c) ('greater'), P(T < −c) ('less'), or P(T > c) + P(T < −c) with c at α/2
 * ('two-sided', both tails counted).
 */
export function powerOf(effectSize: number, n: number, alpha: number, alternative: Alternative, design: TTestDesign, ratio = 1): number {
  const df = design === 'two-sample' ? n * (1 + ratio) - 2 : n - 1;
  const ncp = effectSize * Math.sqrt(design === 'two-sample' ? (n * ratio) / (1 + ratio) : n);
  if (alternative === 'two-sided') {
    const critical = studentTQuantile(1 - alpha / 2, df);
    return Math.min(1, noncentralTSf(critical, df, ncp) + noncentralTCdf(-critical, df, ncp));
  }
  const critical = studentTQuantile(1 - alpha, df);
  return alternative === 'greater' ? noncentralTSf(critical, df, ncp) : noncentralTCdf(-critical, df, ncp);
}

/**
 * Power of a t-test: the probability of rejecting H0 when the true standardized effect is
 * `effectSize`, computed from the noncentral t distribution (see {@link powerOf} for the formula;
 * Cohen 1988, ch. 2). Matches R's `power.t.test(strict = TRUE)` and statsmodels'
 * `TTestPower`/`TTestIndPower(ratio=1).power`.
 *
 * @param options `effectSize` (d), `n` (per group, > 1, may be fractional), `alpha` (0.05),
 *   `alternative` ('two-sided'), `design` ('two-sample' | 'paired' | 'one-sample'; default 'two-sample'),
 *   `ratio` (second group's size over n, two-sample only; default 1)
 * @throws {InvalidArgumentError} on a non-finite effect size, n ≤ 1, alpha outside (0, 1), a ratio
 * that is not positive (or given for a one-sample design) or a bad option.
 * @example
 * tTestPower({ effectSize: 0.5, n: 64, alpha: 0.05, design: 'two-sample' }); // 0.8014595579222542
 * tTestPower({ effectSize: 0.1, n: 20, ratio: 1.5 }); // 0.06330818325569479 (R pwr.t2n.test(d = 0.1, n1 = 20, n2 = 30): 0.0633081832564667)
 */
export function tTestPower(options: TTestPowerOptions): number {
  const opts = options ?? ({} as TTestPowerOptions);
  assertFiniteNumber('options.effectSize', opts.effectSize);
  const design = checkDesign(opts.design);
  const ratio = opts.ratio ?? 1;
  assertPositive('options.ratio', ratio);
  if (ratio !== 1 && design !== 'two-sample') throw new InvalidArgumentError('options.ratio', ratio, "a group-size ratio needs design 'two-sample'");
  const n = checkSampleSize('options.n', opts.n);
  if (design === 'two-sample' && n * (1 + ratio) <= 2) throw new InvalidArgumentError('options.n', n, 'expected n·(1 + ratio) > 2 (positive degrees of freedom)');
  return powerOf(opts.effectSize, n, checkAlpha(opts.alpha), checkAlternative(opts.alternative), design, ratio);
}

/** Fractional n in [2, 10⁷] at which the power reaches `power` (2 when already reached at n = 2). */
export function solveSampleSize(effectSize: number, power: number, alpha: number, alternative: Alternative, design: TTestDesign): number {
  const gap = (n: number): number => powerOf(effectSize, n, alpha, alternative, design) - power;
  if (gap(MIN_N) >= 0) return MIN_N;
  // Double n until the power is reached (cheap: power evaluations slow down as n grows), then refine.
  for (let n = 2 * MIN_N; ; n *= 2) {
    const upper = Math.min(n, MAX_N);
    if (gap(upper) >= 0) return brentRoot(gap, upper / 2, upper, 1e-10);
    if (upper === MAX_N) break;
  }
  throw new InvalidArgumentError('options.effectSize', effectSize,
    `power ${power} is out of reach with n ≤ ${MAX_N} for this effect size and alternative '${alternative}'`);
}

/** Effect size (positive, or negative for 'less') at which the power reaches `power`. */
export function solveEffectSize(n: number, power: number, alpha: number, alternative: Alternative, design: TTestDesign): number {
  if (power <= alpha) {
    throw new InvalidArgumentError('options.power', power, `expected a power above alpha (${alpha}); power equals alpha at effect size 0`);
  }
  const sign = alternative === 'less' ? -1 : 1;
  return sign * monotoneRoot((d) => powerOf(sign * d, n, alpha, alternative, design) - power, 0, 0.1);
}

/** Significance level at which the power reaches `power`. */
export function solveAlpha(effectSize: number, n: number, power: number, alternative: Alternative, design: TTestDesign): number {
  const gap = (alpha: number): number => powerOf(effectSize, n, alpha, alternative, design) - power;
  if (gap(1e-10) > 0 || gap(1 - 1e-10) < 0) {
    throw new InvalidArgumentError('options.power', power, 'no significance level in (0, 1) gives this power for this effect size and n');
  }
  return brentRoot(gap, 1e-10, 1 - 1e-10, 1e-14);
}
