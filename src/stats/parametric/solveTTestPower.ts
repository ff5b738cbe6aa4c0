/**
 * Solve the t-test power equation for whichever one of effect size, n, power or alpha is missing.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertOpenUnitInterval, checkAlternative, type Alternative } from '../../core/validate.js';
import {
  checkAlpha, checkDesign, checkSampleSize, powerOf, solveAlpha, solveEffectSize, solveSampleSize,
  type TTestDesign, type TTestPowerResult,
} from './power.js';

export interface SolveTTestPowerOptions {
  effectSize?: number | null;
  n?: number | null;
  power?: number | null;
  /** Default 0.05; pass `null` to solve for it (as `sig.level = NULL` in R). */
  alpha?: number | null;
  alternative?: Alternative;
  design?: TTestDesign;
}

const UNKNOWNS = ['effectSize', 'n', 'power', 'alpha'] as const;

/**
 * Solves power(effectSize, n, alpha) = power for the one quantity left out (undefined or null;
 * alpha only when explicitly null, since it defaults to 0.05), like R's `power.t.test` and
 * statsmodels' `solve_power`. Power comes from the noncentral t (see {@link tTestPower}); the
 * equation is monotone in each unknown and is solved with Brent's method. n is per group and
 * continuous, searched in [2, 10⁷] as in R; the effect size is returned positive, or negative for
 * alternative 'less'.
 *
 * @returns all four quantities plus alternative and design (R's power.htest).
 * @throws {InvalidArgumentError} unless exactly one quantity is missing, on invalid values, or
 *   when no solution exists (e.g. power ≤ alpha when solving for the effect size).
 * @example
 * solveTTestPower({ effectSize: 0.5, power: 0.8, design: 'paired' }).n; // 33.367128953340305
 */
export function solveTTestPower(options: SolveTTestPowerOptions): TTestPowerResult {
  const opts = options ?? {};
  const missing = UNKNOWNS.filter((key) => (key === 'alpha' ? opts.alpha === null : opts[key] === undefined || opts[key] === null));
  if (missing.length !== 1) {
    throw new InvalidArgumentError('options', opts,
      `expected exactly one of effectSize, n, power, alpha (alpha: null) to be left out, got ${missing.length} (${missing.join(', ') || 'none'})`);
  }
  const alternative = checkAlternative(opts.alternative);
  const design = checkDesign(opts.design);
  const effectSize = opts.effectSize ?? NaN;
  const n = opts.n ?? NaN;
  const power = opts.power ?? NaN;
  const alpha = opts.alpha === null ? NaN : checkAlpha(opts.alpha);
  if (missing[0] !== 'effectSize') assertFiniteNumber('options.effectSize', effectSize);
  if (missing[0] !== 'n') checkSampleSize('options.n', n);
  if (missing[0] !== 'power') assertOpenUnitInterval('options.power', power);
  const solved = { effectSize, n, power, alpha, alternative, design };
  switch (missing[0]) {
    case 'power': solved.power = powerOf(effectSize, n, alpha, alternative, design); break;
    case 'n': solved.n = solveSampleSize(effectSize, power, alpha, alternative, design); break;
    case 'effectSize': solved.effectSize = solveEffectSize(n, power, alpha, alternative, design); break;
    case 'alpha': solved.alpha = solveAlpha(effectSize, n, power, alternative, design); break;
  }
  return solved;
}
