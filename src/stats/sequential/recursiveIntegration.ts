/**
 * Exact boundary-crossing probabilities of a group sequential Z-statistic under H0 by recursive
 * numerical integration (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000, ch. 19).
 *
 * Under H0 the score statistics S_k = Z_k·√I_k have independent N(0, I_k − I_{k−1}) increments, so the
 * sub-density of Z_k over paths that stayed inside the continuation regions of looks 1..k−1 is
 *   h_1(z) = φ(z),
 *   h_k(z) = ∫ h_{k−1}(u) · √I_k/√Δ_k · φ((z√I_k − u√I_{k−1})/√Δ_k) du,   Δ_k = I_k − I_{k−1},
 * with the integral taken over the continuation region (a_{k−1}, b_{k−1}). Integrals use Simpson's rule
 * on Jennison & Turnbull's grid (section 19.2.1), which is dense around the centre of the density and
 * thins out logarithmically into the tails; with r points per unit the error is O(r⁻⁴).
 * That grid assumes the normal kernel is about as wide as the density. When looks are close, the
 * kernel of a step, sd √(Δ_k/I_k) in the Z scale, and the edge of the density it leaves near the
 * boundary are much narrower than the grid spacing 3/(2r), and a fixed grid gives wrong bounds
 * (e.g. looks at information 0.5, 0.5001, 0.5002). So each look's grid is also refined until no
 * step within |z| < 10 exceeds a fixed fraction of the narrower of the two kernels that meet it
 * (the step into this look and the step out of it): the accuracy then no longer depends on the
 * spacing or the number of looks, and the cost of a look grows with 1/√Δ only where Δ is small.
 * Information levels enter only through ratios, so information fractions can stand in for I_k.
 */
import { normalUpperTail } from './normalTail.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Kernel terms beyond 11 standard deviations weigh below e^−60 ≈ 1e−26 and are skipped. */
const KERNEL_CUTOFF = 11;
/** Largest grid step, in standard deviations of the narrowest kernel that meets the look. */
const STEP_PER_KERNEL_SD = 0.25;
/** Beyond |z| = 10 the density is below 1e−22: no refinement needed there. */
const REFINED_RANGE = 10;

/** Grid points (with Simpson weights) covering (lower, upper) ∩ the effective support of a N(0,1)-scaled density. */
interface QuadratureGrid {
  readonly points: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Jennison & Turnbull's grid: 6r − 1 base points x_i (logarithmic tails beyond ±3, spacing 3/(2r)
 * inside), trimmed to (lower, upper) with the bounds themselves added, every interval within
 * |z| < 10 split evenly so that no step exceeds `maxStep`, then midpoints inserted so Simpson's
 * rule applies on each pair of sub-intervals.
 */
function jennisonTurnbullGrid(lower: number, upper: number, r: number, maxStep: number): QuadratureGrid {
  const base: number[] = [];
  for (let i = 1; i <= 6 * r - 1; i++) {
    if (i < r) base.push(-3 - 4 * Math.log(r / i));
    else if (i <= 5 * r) base.push(-3 + (3 * (i - r)) / (2 * r));
    else base.push(3 + 4 * Math.log(r / (6 * r - i)));
  }
  const inside = base.filter((x) => x > lower && x < upper);
  const coarse = [...(lower > base[0] ? [lower] : []), ...inside, ...(upper < base[base.length - 1] ? [upper] : [])];
  const knots: number[] = [coarse[0]];
  for (let i = 1; i < coarse.length; i++) {
    const [from, to] = [coarse[i - 1], coarse[i]];
    const pieces = Math.min(from, -to) > -REFINED_RANGE && Math.max(from, -to) < REFINED_RANGE ? Math.ceil((to - from) / maxStep) : 1;
    for (let j = 1; j < pieces; j++) knots.push(from + ((to - from) * j) / pieces);
    knots.push(to);
  }
  const m = 2 * knots.length - 1;
  const points = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < knots.length; i++) points[2 * i] = knots[i];
  for (let i = 0; i + 1 < knots.length; i++) {
    const width = knots[i + 1] - knots[i];
    points[2 * i + 1] = knots[i] + width / 2;
    weights[2 * i] += width / 6;
    weights[2 * i + 1] += (4 * width) / 6;
    weights[2 * i + 2] += width / 6;
  }
  return { points, weights };
}

/**
 * State of the recursion after some looks: the weighted sub-density w_j·h_k(z_j) on the grid of the
 * latest continuation region. `crossing` and `advance` implement one step of the recursion.
 */
export class ContinuationDensity {
  private constructor(
    private readonly information: number,
    private readonly points: Float64Array,
    private readonly weightedDensity: Float64Array,
    private readonly gridResolution: number,
  ) {}

  /** Before the first look: the whole mass 1 sits at S_0 = 0 (information 0). */
  static start(gridResolution: number): ContinuationDensity {
    return new ContinuationDensity(0, Float64Array.of(0), Float64Array.of(1), gridResolution);
  }

  /**
   * P(continued so far and Z at information `information` lies outside (lower, upper)), and its
   * derivative when the region widens to (lower − ε, upper + ε), which is ≤ 0.
   */
  crossing(information: number, lower: number, upper: number): { probability: number; slope: number } {
    const { scaleNew, scaleOld } = this.scales(information);
    let probability = 0, slope = 0;
    for (let j = 0; j < this.points.length; j++) {
      const shift = this.points[j] * scaleOld;
      const above = upper * scaleNew - shift;
      const below = shift - lower * scaleNew;
      const mass = this.weightedDensity[j];
      if (upper !== Infinity) {
        probability += mass * normalUpperTail(above);
        slope -= mass * Math.exp(-0.5 * above * above);
      }
      if (lower !== -Infinity) {
        probability += mass * normalUpperTail(below);
        slope -= mass * Math.exp(-0.5 * below * below);
      }
    }
    return { probability, slope: slope * scaleNew * INV_SQRT_2PI };
  }

  /**
   * Sub-density at the next look over paths that also continue there, i.e. stay inside (lower, upper),
   * on a grid fine enough for the step that led there and for the step to `nextInformation`.
   */
  advance(information: number, lower: number, upper: number, nextInformation: number): ContinuationDensity {
    const { scaleNew, scaleOld } = this.scales(information);
    const narrowest = Math.sqrt(Math.min(information - this.information, nextInformation - information) / information);
    const grid = jennisonTurnbullGrid(lower, upper, this.gridResolution, STEP_PER_KERNEL_SD * narrowest);
    const m = grid.points.length;
    const previous = this.points.length;
    const weighted = new Float64Array(m);
    // Targets and old points are both sorted, so the kernel's effective band is a sliding window.
    let first = 0, end = 0;
    for (let i = 0; i < m; i++) {
      const target = grid.points[i] * scaleNew;
      while (first < previous && this.points[first] * scaleOld < target - KERNEL_CUTOFF) first++;
      if (end < first) end = first;
      while (end < previous && this.points[end] * scaleOld <= target + KERNEL_CUTOFF) end++;
      let sum = 0;
      for (let j = first; j < end; j++) {
        const x = target - this.points[j] * scaleOld;
        sum += this.weightedDensity[j] * Math.exp(-0.5 * x * x);
      }
      weighted[i] = grid.weights[i] * sum * scaleNew * INV_SQRT_2PI;
    }
    return new ContinuationDensity(information, grid.points, weighted, this.gridResolution);
  }

  /** Z_new·√I_new − Z_old·√I_old ~ N(0, Δ): both Z's are rescaled by 1/√Δ. */
  private scales(information: number): { scaleNew: number; scaleOld: number } {
    const increment = Math.sqrt(information - this.information);
    return { scaleNew: Math.sqrt(information) / increment, scaleOld: Math.sqrt(this.information) / increment };
  }
}
