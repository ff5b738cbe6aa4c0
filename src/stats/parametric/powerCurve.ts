/**
 * Power-curve data for plotting power against effect size and sample size.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { checkAlternative, type Alternative } from '../../core/validate.js';
import { checkAlpha, checkDesign, checkSampleSize, powerOf, type TTestDesign } from './power.js';

export interface TTestPowerCurveOptions {
  effectSizes: ArrayLike<number>;
  ns: ArrayLike<number>;
  alpha?: number;
  alternative?: Alternative;
  design?: TTestDesign;
}

export interface PowerCurvePoint {
  effectSize: number;
  n: number;
  power: number;
}

function nonEmptyGrid(name: string, values: unknown, check: (label: string, v: unknown) => number): number[] {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new InvalidArgumentError(name, values, 'expected an array of numbers');
  const grid = Array.from(values as ArrayLike<unknown>, (v, i) => check(`${name}[${i}]`, v));
  if (grid.length === 0) throw new InvalidArgumentError(name, values, 'expected at least one value');
  return grid;
}

function finiteNumber(label: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(label, v, 'expected a finite number');
  return v;
}

/**
 * Power of the t-test (noncentral t, see {@link tTestPower}) on the grid effectSizes × ns, one row
 * per combination (effect sizes vary slowest), ready for a line plot of power against n per effect
 * size, or against effect size per n.
 *
 * @throws {InvalidArgumentError} on an empty grid, a non-finite effect size, n ≤ 1 or bad options.
 * @example
 * tTestPowerCurve({ effectSizes: [0.5], ns: [20, 64], design: 'two-sample' });
 * // [ { effectSize: 0.5, n: 20, power: 0.33793902892503974 }, { effectSize: 0.5, n: 64, power: 0.8014595579222542 } ]
 */
export function tTestPowerCurve(options: TTestPowerCurveOptions): PowerCurvePoint[] {
  const opts = options ?? ({} as TTestPowerCurveOptions);
  const effectSizes = nonEmptyGrid('options.effectSizes', opts.effectSizes, finiteNumber);
  const ns = nonEmptyGrid('options.ns', opts.ns, checkSampleSize);
  const alpha = checkAlpha(opts.alpha);
  const alternative = checkAlternative(opts.alternative);
  const design = checkDesign(opts.design);
  return effectSizes.flatMap((effectSize) =>
    ns.map((n) => ({ effectSize, n, power: powerOf(effectSize, n, alpha, alternative, design) })));
}
