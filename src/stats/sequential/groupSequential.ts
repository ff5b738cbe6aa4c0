import { InvalidArgumentError } from '../../core/errors.js';
import { normalQuantile, normalSf } from '../core/distributions.js';
import { assertInteger, assertOpenUnitInterval, assertPositive, checkChoice, toFiniteArray, assertWorkSize } from '../../core/validate.js';
import { ContinuationDensity } from './recursiveIntegration.js';
import { brentRoot, safeguardedNewton } from '../core/roots.js';
import { spentAlpha, type SpendingFunctionName } from './spending.js';

export type GroupSequentialSpending = SpendingFunctionName | 'classicObrienFleming' | 'classicPocock';
const SPENDINGS: readonly GroupSequentialSpending[] = ['obrienFleming', 'pocock', 'powerFamily', 'classicObrienFleming', 'classicPocock'];

export interface GroupSequentialOptions {
  /** Number of equally spaced looks K (information fractions k/K). Give this or `informationFractions`. */
  looks?: number;
  /** Information fractions t_1 < … < t_K = 1 of the looks (e.g. n_k / n_max). */
  informationFractions?: readonly number[];
  /** Overall type I error; with `sides: 2` it is split equally, α/2 per side. Default 0.05. */
  alpha?: number;
  /** 1: reject for large Z only; 2: symmetric boundaries ±b_k. */
  sides: 1 | 2;
  /** Boundary family; the first three are Lan–DeMets alpha-spending functions. */
  spending: GroupSequentialSpending;
  /** Exponent ρ > 0 of the Kim–DeMets power family α·t^ρ (required for 'powerFamily'). */
  rho?: number;
  /** Quadrature resolution r of the Jennison–Turnbull grid (about 12r points per look). Default 32. */
  gridResolution?: number;
}

/** Boundary at one look. */
export interface GroupSequentialLook {
  /** 1-based look index k. */
  look: number;
  informationFraction: number;
  /** Probability under H0 of stopping for efficacy by look k, summed over both sides when sides = 2. */
  cumulativeAlphaSpent: number;
  /** Probability under H0 of stopping for efficacy exactly at look k (both sides when sides = 2). */
  incrementalAlpha: number;
  /** Efficacy boundary b_k: stop when Z_k ≥ b_k (sides = 1) or |Z_k| ≥ b_k (sides = 2). */
  zBoundary: number;
  /** Nominal one-sided p-value threshold 1 − Φ(b_k) per side (rpact's `stageLevels`). */
  nominalPValue: number;
}

export interface GroupSequentialBounds {
  sides: 1 | 2;
  alpha: number;
  spending: GroupSequentialSpending;
  rho?: number;
  looks: GroupSequentialLook[];
}

/**
 * Efficacy boundaries of a group sequential test of H0: θ = 0 for a normal statistic observed at K
 * interim looks. Boundaries are exact: each is found by root-finding on crossing probabilities that
 * are computed by recursive numerical integration (Armitage, McPherson & Rowe 1969; Jennison &
 * Turnbull 2000, ch. 19), not by normal approximations.
 *
 * Alpha convention (as rpact's `getDesignGroupSequential`): `sides: 1` spends α on the upper side;
 * `sides: 2` uses symmetric boundaries ±b_k and spends α/2 per side, so `alpha = 0.05, sides = 2`
 * gives the same b_k as `alpha = 0.025, sides = 1` (up to the negligible probability of paths that
 * cross both). Spending designs choose b_k so the crossing probability at look k equals
 * sides·(α_s(t_k) − α_s(t_{k−1})) with α_s the per-side spending function:
 * O'Brien–Fleming type 2 − 2Φ(z_{1−α_s/2}/√t), Pocock type α_s·ln(1 + (e − 1)t), power family
 * α_s·t^ρ (Lan & DeMets 1983; Kim & DeMets 1987). The classic designs use b_k = c/√t_k
 * (O'Brien & Fleming 1979) or b_k = c (Pocock 1977) with c solved so the total crossing probability is α.
 * Accuracy with the default grid: boundaries within ~5e-8 (relative) of adaptive quadrature for
 * well-spaced looks; the error falls as r⁻⁴ (`gridResolution: 96` gives ~1e-9) at a cost growing as
 * r². Each look's grid is also refined to the width of the narrow normal kernels of closely spaced
 * looks (see recursiveIntegration.ts), so closely spaced or very many looks keep that accuracy:
 * within 1e-6 of an independent Gauss–Legendre computation for 500 looks (equal and unequal
 * spacings) and for looks 1e-4 apart (test/fixtures/sequential/generate_sequential_many_looks.py).
 * Bounds of looks that spend below ~1e-12 (b_k > 7) are finite but not held to 1e-6.
 * Cost on one core of this project's 2-core machine: 200 looks ~0.18 s, 500 looks 0.3–0.8 s of CPU
 * (bench/groupSequential.bench.ts).
 *
 * @throws {InvalidArgumentError} bad looks/fractions (not increasing in (0, 1], last ≠ 1, two looks
 *   closer than 1e-8 relative), alpha outside
 *   (0, 1) (or ≥ 0.5 when one-sided), sides not 1 or 2, unknown spending, missing/invalid rho.
 * @example
 * groupSequentialBounds({ looks: 3, sides: 2, spending: 'classicPocock' }).looks.map((l) => l.zBoundary.toFixed(4));
 * // → ['2.2895', '2.2895', '2.2895']  (Jennison & Turnbull Table 2.1: C_P(3, 0.05) = 2.289)
 * // Three looks within 2e-4 of information: the grid follows the narrow kernels between them.
 * groupSequentialBounds({ informationFractions: [0.5, 0.5001, 0.5002, 1], sides: 2, spending: 'powerFamily', rho: 2 })
 *   .looks.map((l) => l.zBoundary.toFixed(4));
 * // → ['2.4977', '2.5249', '2.5366', '2.0184']
 */
export function groupSequentialBounds(options: GroupSequentialOptions): GroupSequentialBounds {
  const design = checkDesign(options);
  const { fractions, sides, alpha, spending, rho } = design;
  const classic = spending === 'classicObrienFleming' || spending === 'classicPocock';
  const { bounds, crossing } = classic ? classicBoundaries(design) : spendingBoundaries({ ...design, spending });
  let cumulative = 0;
  const looks = fractions.map((t, k) => {
    // Spending designs report the spending function itself (as rpact does); classic ones what they spend.
    cumulative = classic ? cumulative + crossing[k] : sides * spentAlpha(spending, alpha / sides, t, rho);
    return {
      look: k + 1,
      informationFraction: t,
      cumulativeAlphaSpent: cumulative,
      incrementalAlpha: crossing[k],
      zBoundary: bounds[k],
      nominalPValue: normalSf(bounds[k]),
    };
  });
  return { sides, alpha, spending, ...(spending === 'powerFamily' ? { rho } : {}), looks };
}

interface CheckedDesign {
  fractions: number[];
  sides: 1 | 2;
  alpha: number;
  spending: GroupSequentialSpending;
  rho: number;
  gridResolution: number;
}

function checkDesign(options: GroupSequentialOptions): CheckedDesign {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected an options object');
  const fractions = informationFractionsOf(options);
  const sides = options.sides;
  if (sides !== 1 && sides !== 2) throw new InvalidArgumentError('options.sides', sides, 'expected 1 or 2');
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  if (sides === 1 && alpha >= 0.5) throw new InvalidArgumentError('options.alpha', alpha, 'expected alpha < 0.5 for a one-sided design');
  const spending = checkChoice('options.spending', options.spending, SPENDINGS, 'obrienFleming');
  if (options.spending === undefined) throw new InvalidArgumentError('options.spending', undefined, `expected one of ${SPENDINGS.map((s) => `'${s}'`).join(', ')}`);
  let rho = 1;
  if (spending === 'powerFamily') {
    assertPositive('options.rho', options.rho);
    rho = options.rho;
  } else if (options.rho !== undefined) {
    throw new InvalidArgumentError('options.rho', options.rho, "rho only applies to spending 'powerFamily'");
  }
  const gridResolution = options.gridResolution ?? 32;
  assertWorkSize('options.gridResolution', gridResolution, 4, 4096);
  return { fractions, sides, alpha, spending, rho, gridResolution };
}

function informationFractionsOf(options: GroupSequentialOptions): number[] {
  const { looks, informationFractions } = options;
  if (informationFractions === undefined) {
    if (looks === undefined) throw new InvalidArgumentError('options.looks', looks, 'give looks or informationFractions');
    assertWorkSize('options.looks', looks, 1, 1000);
    return Array.from({ length: looks }, (_, k) => (k + 1) / looks);
  }
  const fractions = toFiniteArray('options.informationFractions', informationFractions, 1);
  if (looks !== undefined && looks !== fractions.length) {
    throw new InvalidArgumentError('options.looks', looks, `must equal informationFractions.length (${fractions.length})`);
  }
  fractions.forEach((t, k) => {
    if (!(t > (k === 0 ? 0 : fractions[k - 1]) && t <= 1)) {
      throw new InvalidArgumentError(`options.informationFractions[${k}]`, t, 'expected strictly increasing fractions in (0, 1]');
    }
    // The grid step follows the kernel sd √(Δ/t): closer looks would need millions of points.
    if (k > 0 && t - fractions[k - 1] < MIN_RELATIVE_INCREMENT * t) {
      throw new InvalidArgumentError(`options.informationFractions[${k}]`, t,
        `closer than ${MIN_RELATIVE_INCREMENT}·t to the previous look (${fractions[k - 1]}): merge the two looks, they carry the same information`);
    }
  });
  if (fractions[fractions.length - 1] !== 1) {
    throw new InvalidArgumentError('options.informationFractions', informationFractions, 'the last look must have information fraction 1');
  }
  return fractions;
}

const BOUNDARY_SEARCH_LIMIT = 40;
/** Newton stops when a step moves b by < 1e−11: it converges quadratically, so b is then exact to far below 1e−11. */
const NEWTON_TOLERANCE = 1e-11;
/** Smallest information increment between looks, relative to the information. */
const MIN_RELATIVE_INCREMENT = 1e-8;
const COARSE_RESOLUTION = 8;

/** Region (lower, upper) where the trial continues, for an efficacy boundary b. */
function continuation(b: number, sides: 1 | 2): [number, number] {
  return [sides === 2 ? -b : -Infinity, b];
}

/** Boundaries with the H0 probability of first crossing them at each look. */
interface BoundarySolution {
  bounds: number[];
  crossing: number[];
}

/** b_k solving crossing probability = incremental spent alpha, look by look. */
function spendingBoundaries({ fractions, sides, alpha, spending, rho, gridResolution }: CheckedDesign & { spending: SpendingFunctionName }): BoundarySolution {
  let density = ContinuationDensity.start(gridResolution);
  let spentBefore = 0;
  const bounds: number[] = [];
  const crossing: number[] = [];
  for (const [k, t] of fractions.entries()) {
    const spent = sides * spentAlpha(spending, alpha / sides, t, rho);
    const target = spent - spentBefore;
    spentBefore = spent;
    const crossingAt = (b: number) => density.crossing(t, ...continuation(b, sides));
    // Newton on ln P(cross) − ln(target), nearly linear in b, from the previous bound (close when
    // looks are many) or else the marginal-tail bound z_{1−target/sides} ≥ b_k (no path can cross
    // more often than Z_k alone exceeds b).
    const logEquation = (b: number) => {
      const { probability, slope } = crossingAt(b);
      return { value: Math.log(probability) - Math.log(target), derivative: slope / probability };
    };
    // A zero increment (the spending function underflowed) means no stopping at this look.
    const marginal = -normalQuantile(target / sides);
    const previous = bounds.length > 0 && bounds[k - 1] < marginal ? bounds[k - 1] : marginal;
    const b = target > 0
      ? safeguardedNewton(logEquation, sides === 2 ? 0 : -BOUNDARY_SEARCH_LIMIT, BOUNDARY_SEARCH_LIMIT, previous, NEWTON_TOLERANCE)
      : Infinity;
    bounds.push(b);
    crossing.push(target > 0 ? crossingAt(b).probability : 0);
    if (k + 1 < fractions.length) density = density.advance(t, ...continuation(b, sides), fractions[k + 1]);
  }
  return { bounds, crossing };
}

/**
 * Classic designs: b_k = c·shape_k with c solving total crossing probability = α. The bracket
 * [z_{1−α/s}, z_{1−α/(sK)}] holds because the last look alone spends less than α and the union
 * (Bonferroni) bound more, for shapes ≥ 1.
 */
function classicBoundaries({ fractions, sides, alpha, spending, gridResolution }: CheckedDesign): BoundarySolution {
  const shape = fractions.map((t) => (spending === 'classicObrienFleming' ? 1 / Math.sqrt(t) : 1));
  const boundsFor = (c: number) => shape.map((s) => c * s);
  const totalCrossing = (c: number, resolution: number) => crossingProbabilities(fractions, boundsFor(c), sides, resolution).reduce((a, b) => a + b, 0);
  const perSide = alpha / sides;
  const wide: [number, number] = [-normalQuantile(perSide) - 1e-9, -normalQuantile(perSide / fractions.length) + 1e-9];
  const solve = (resolution: number, [lo, hi]: number[]) => brentRoot((x) => totalCrossing(x, resolution) - alpha, lo, hi, 1e-12);
  // A coarse grid (error ~1e-5) locates c cheaply; the full grid then only refines inside ±1e-4.
  const rough = solve(COARSE_RESOLUTION, wide);
  const narrow = [rough - 1e-4, rough + 1e-4];
  const [above, below] = narrow.map((x) => totalCrossing(x, gridResolution) - alpha);
  const c = solve(gridResolution, above > 0 && below < 0 ? narrow : wide);
  const bounds = boundsFor(c);
  return { bounds, crossing: crossingProbabilities(fractions, bounds, sides, gridResolution) };
}

/** Probability under H0 of first crossing the efficacy boundary at each look. */
function crossingProbabilities(fractions: number[], bounds: number[], sides: 1 | 2, gridResolution: number): number[] {
  let density = ContinuationDensity.start(gridResolution);
  return fractions.map((t, k) => {
    const region = continuation(bounds[k], sides);
    const p = density.crossing(t, ...region).probability;
    if (k + 1 < fractions.length) density = density.advance(t, ...region, fractions[k + 1]);
    return p;
  });
}
