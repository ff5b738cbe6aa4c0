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
 * step exceeds a fixed fraction of the narrower of the two kernels that meet it (the step into
 * this look and the step out of it), and it ends at |z| = 10: the accuracy then no longer depends
 * on the spacing or the number of looks, and the cost of a look grows with 1/√Δ only where Δ is small.
 * Speed (hundreds of looks): the refined grid is uniform over long runs, where the kernel values
 * follow an exp-free recurrence; crossing probabilities sum Q only over points near a boundary.
 * Information levels enter only through ratios, so information fractions can stand in for I_k.
 */
import { normalUpperTail } from './normalTail.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Kernel terms beyond 11 standard deviations weigh below e^−60 ≈ 1e−26 and are skipped. */
const KERNEL_CUTOFF = 11;
/** Largest grid step, in standard deviations of the narrowest kernel that meets the look. */
const STEP_PER_KERNEL_SD = 0.25;
/**
 * The grid stops at |z| = 10: the sub-density there is below φ(10) ≈ 8e−23, which moves no bound
 * that spends more than ~1e−20 by 1e−10. Unrefined tail points would be unstable: a kernel much
 * narrower than their spacing gets a Simpson weight far above its mass, and over hundreds of
 * looks that error grows geometrically.
 */
const GRID_LIMIT = 10;

/** Grid points (with Simpson weights) covering (lower, upper) ∩ (−10, 10). */
interface QuadratureGrid {
  readonly points: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Jennison & Turnbull's grid: 6r − 1 base points x_i (logarithmic tails beyond ±3, spacing 3/(2r)
 * inside), trimmed to (lower, upper) ∩ (−10, 10) with the ends themselves added, every interval
 * split evenly so that no step exceeds `maxStep`, then midpoints inserted so Simpson's rule
 * applies on each pair of sub-intervals.
 */
function jennisonTurnbullGrid(lower: number, upper: number, r: number, maxStep: number): QuadratureGrid {
  const from = Math.max(lower, -GRID_LIMIT), to = Math.min(upper, GRID_LIMIT);
  if (!(from < to)) return { points: Float64Array.of(from), weights: Float64Array.of(0) };
  const base: number[] = [];
  for (let i = 1; i <= 6 * r - 1; i++) {
    if (i < r) base.push(-3 - 4 * Math.log(r / i));
    else if (i <= 5 * r) base.push(-3 + (3 * (i - r)) / (2 * r));
    else base.push(3 + 4 * Math.log(r / (6 * r - i)));
  }
  const coarse = [from, ...base.filter((x) => x > from && x < to), to];
  const knots: number[] = [from];
  for (let i = 1; i < coarse.length; i++) {
    const [left, right] = [coarse[i - 1], coarse[i]];
    const pieces = Math.ceil((right - left) / maxStep);
    for (let j = 1; j < pieces; j++) knots.push(left + ((right - left) * j) / pieces);
    knots.push(right);
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
 * Where the grid is uniform, the kernel values along a run of points follow a recurrence that
 * needs no exp: with u_j = u_0 − j·s, e^{−u_{j+1}²/2} = e^{−u_j²/2}·q_j, q_j = e^{u_j·s − s²/2},
 * q_{j+1} = q_j·e^{−s²}. `runEnd[j]` is the exclusive end of the uniformly spaced run that starts
 * at j. Steps agreeing to 1e−11 (relative) count as equal: the points deviate from the run's line
 * by rounding only, far below the 1e−6 accuracy sought.
 */
function uniformRuns(points: Float64Array): Int32Array {
  const n = points.length;
  const runEnd = new Int32Array(n);
  let end = n;
  runEnd[n - 1] = n;
  for (let j = n - 2; j >= 0; j--) {
    const step = points[j + 1] - points[j];
    const nextStep = j + 2 < n ? points[j + 2] - points[j + 1] : step;
    if (Math.abs(step - nextStep) > 1e-11 * step) end = j + 2;
    runEnd[j] = end;
  }
  return runEnd;
}

/**
 * Crossing terms Q(x) vanish beyond x = 38.5 (Q underflows; kept that far because looks that spend
 * 1e−300 still need a bound) and equal 1 in double precision below x = −8.3.
 */
const TAIL_CUTOFF = 38.5;
const CERTAIN_CUTOFF = -8.3;
const NEGLIGIBLE = 1e-16;

/**
 * State of the recursion after some looks: the weighted sub-density w_j·h_k(z_j) on the grid of the
 * latest continuation region. `crossing` and `advance` implement one step of the recursion.
 */
export class ContinuationDensity {
  /** cumulativeMass[j] = Σ_{i<j} weightedDensity[i], for crossing terms that are certain. */
  private readonly cumulativeMass: Float64Array;

  private constructor(
    private readonly information: number,
    private readonly points: Float64Array,
    private readonly weightedDensity: Float64Array,
    private readonly gridResolution: number,
  ) {
    this.cumulativeMass = new Float64Array(points.length + 1);
    for (let j = 0; j < points.length; j++) this.cumulativeMass[j + 1] = this.cumulativeMass[j] + weightedDensity[j];
  }

  /** Before the first look: the whole mass 1 sits at S_0 = 0 (information 0). */
  static start(gridResolution: number): ContinuationDensity {
    return new ContinuationDensity(0, Float64Array.of(0), Float64Array.of(1), gridResolution);
  }

  /**
   * P(continued so far and Z at information `information` lies outside (lower, upper)), and its
   * derivative when the region widens to (lower − ε, upper + ε), which is ≤ 0. Only points within
   * −8.3…38.5 kernel standard deviations of a boundary need Q (fewer when Q falls below 1e−16 of
   * the sum); the mass beyond −8.3 counts whole.
   */
  crossing(information: number, lower: number, upper: number): { probability: number; slope: number } {
    const { scaleNew, scaleOld } = this.scales(information);
    const { points, weightedDensity, cumulativeMass } = this;
    let probability = 0, slope = 0;
    // Terms are added from the certain side outwards; once Q(x) < 1e−16 of the sum so far, the rest
    // (total mass ≤ 1, Q falling) cannot change it by more than 1e−16.
    if (upper !== Infinity) {
      // above_j = upper·scaleNew − x_j·scaleOld falls with j.
      const target = upper * scaleNew;
      const from = this.firstAtLeast((target - TAIL_CUTOFF) / scaleOld, scaleOld, target - TAIL_CUTOFF);
      const to = this.firstAtLeast((target - CERTAIN_CUTOFF) / scaleOld, scaleOld, target - CERTAIN_CUTOFF);
      probability += cumulativeMass[points.length] - cumulativeMass[to];
      for (let j = to - 1; j >= from; j--) {
        const above = target - points[j] * scaleOld;
        const tail = normalUpperTail(above);
        if (above > 0 && tail < NEGLIGIBLE * probability) break;
        probability += weightedDensity[j] * tail;
        slope -= weightedDensity[j] * Math.exp(-0.5 * above * above);
      }
    }
    if (lower !== -Infinity) {
      // below_j = x_j·scaleOld − lower·scaleNew rises with j.
      const target = lower * scaleNew;
      const from = this.firstAtLeast((target + CERTAIN_CUTOFF) / scaleOld, scaleOld, target + CERTAIN_CUTOFF);
      const to = this.firstAtLeast((target + TAIL_CUTOFF) / scaleOld, scaleOld, target + TAIL_CUTOFF);
      probability += cumulativeMass[from];
      for (let j = from; j < to; j++) {
        const below = points[j] * scaleOld - target;
        const tail = normalUpperTail(below);
        if (below > 0 && tail < NEGLIGIBLE * probability) break;
        probability += weightedDensity[j] * tail;
        slope -= weightedDensity[j] * Math.exp(-0.5 * below * below);
      }
    }
    return { probability, slope: slope * scaleNew * INV_SQRT_2PI };
  }

  /**
   * First j with points[j]·scale ≥ level (points are sorted; `threshold` = level/scale when scale > 0),
   * by bisection. Before the first look scale is 0 and the single point is at 0.
   */
  private firstAtLeast(threshold: number, scale: number, level: number): number {
    const { points } = this;
    if (scale === 0) return level <= 0 ? 0 : points.length;
    let lo = 0, hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid] < threshold) lo = mid + 1; else hi = mid;
    }
    return lo;
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
    const { points, weightedDensity } = this;
    const previous = points.length;
    const runEnd = uniformRuns(points);
    // Per run: kernel step s (in kernel standard deviations) and its decay factor e^{−s²}.
    const runStep = new Float64Array(previous);
    const runDecay = new Float64Array(previous);
    for (let j = 0; j + 1 < previous; j++) {
      const last = runEnd[j] - 1;
      runStep[j] = last > j ? ((points[last] - points[j]) / (last - j)) * scaleOld : 0;
      runDecay[j] = Math.exp(-runStep[j] * runStep[j]);
    }
    const weighted = new Float64Array(m);
    // Targets and old points are both sorted, so the kernel's effective band is a sliding window.
    let first = 0, end = 0;
    for (let i = 0; i < m; i++) {
      const target = grid.points[i] * scaleNew;
      while (first < previous && points[first] * scaleOld < target - KERNEL_CUTOFF) first++;
      if (end < first) end = first;
      while (end < previous && points[end] * scaleOld <= target + KERNEL_CUTOFF) end++;
      let sum = 0;
      for (let j = first; j < end;) {
        const stop = Math.min(runEnd[j], end);
        const step = runStep[j], decay = runDecay[j];
        const u = target - points[j] * scaleOld;
        let kernel = Math.exp(-0.5 * u * u);
        let ratio = Math.exp(u * step - 0.5 * step * step);
        for (; j < stop; j++) {
          sum += weightedDensity[j] * kernel;
          kernel *= ratio;
          ratio *= decay;
        }
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
