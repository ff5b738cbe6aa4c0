import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertOpenUnitInterval, checkChoice, toFiniteArray, assertWorkSize } from '../../core/validate.js';
import { linearQuantile } from '../core/quantile.js';
import { driftLevel, type DriftLevel } from './driftLevel.js';
import { toProbabilityPair } from './distributionInput.js';

export interface PsiOptions {
  /**
   * Samples mode: the number of quantile bins of the expected sample (default 10), or the interior
   * cut points (strictly increasing). Ignored in counts mode.
   */
  bins?: number | readonly number[];
  /** Floor that replaces empty-bin proportions so the logarithm stays finite (default 1e-4). */
  epsilon?: number;
  /** 'samples' (default): raw values to bin; 'counts': per-bin counts or proportions, already binned. */
  input?: 'samples' | 'counts';
}

export interface PsiResult {
  psi: number;
  /** < 0.1 'none', 0.1–0.25 'moderate', > 0.25 'significant'. */
  level: DriftLevel;
  /** Interior cut points used (samples mode; empty in counts mode). */
  edges: number[];
  /** Proportions per bin (after the ε floor) and each bin's term (a − e)·ln(a/e). */
  expected: number[];
  actual: number[];
  contributions: number[];
}

/** Interior cut points at the expected sample's quantiles k/bins (linear interpolation), duplicates removed. */
function quantileEdges(sorted: Float64Array, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = linearQuantile(sorted, k / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Counts per bin (−∞, e₁), [e₁, e₂), …, [e_k, ∞): a value equal to a cut point goes to the upper bin. */
function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) lo = mid + 1; else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

function checkEdges(bins: readonly number[]): number[] {
  const edges = toFiniteArray('options.bins', bins, 1);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] > edges[i - 1])) throw new InvalidArgumentError(`options.bins[${i}]`, edges[i], 'expected strictly increasing cut points');
  }
  return edges;
}

/**
 * Population stability index between a reference ("expected", e.g. control arm or training data)
 * and a new ("actual") distribution: PSI = Σ_i (a_i − e_i)·ln(a_i/e_i) over bins, with e_i and a_i
 * the proportions in bin i (Siddiqi 2006, Credit Risk Scorecards, ch. 8; Yurdakul 2018, "Statistical
 * properties of population stability index"). It is the symmetrized Kullback–Leibler divergence of
 * the binned distributions.
 *
 * Binning (samples mode): `bins` equal-frequency bins of the expected sample, cut at its k/bins
 * quantiles (linear interpolation, numpy's default), duplicate cut points from ties merged; outer
 * bins are open-ended so every actual value is counted; a value equal to a cut point falls in the
 * upper bin. Explicit cut points can be given instead. Counts mode takes already-binned counts or
 * proportions. Empty bins: a zero proportion is replaced by ε (default 1e-4), the usual convention;
 * report ε with the result, since it bounds the contribution of an empty bin.
 *
 * Guidance `level` uses the conventional thresholds from credit scoring (Siddiqi 2006): PSI < 0.1
 * no significant shift, 0.1–0.25 moderate shift, > 0.25 significant shift.
 *
 * @throws {InvalidArgumentError} for non-finite values, negative or all-zero counts, different
 *   lengths in counts mode, bins not an integer ≥ 2 or cut points not increasing, ε outside (0, 1);
 *   {InsufficientDataError} for empty samples.
 * @example
 * populationStabilityIndex([50, 30, 20], [40, 30, 30], { input: 'counts' }).psi; // 0.06286086594223739
 */
export function populationStabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const { bins = 10, epsilon = 1e-4 } = options;
  const input = checkChoice('options.input', options.input, ['samples', 'counts'] as const, 'samples');
  assertOpenUnitInterval('options.epsilon', epsilon);
  let edges: number[] = [];
  let expectedCounts: unknown = expected;
  let actualCounts: unknown = actual;
  if (input === 'samples') {
    const reference = toFiniteArray('expected', expected, 1);
    const current = toFiniteArray('actual', actual, 1);
    if (typeof bins === 'number') {
      assertWorkSize('options.bins', bins, 2, 100_000);
      edges = quantileEdges(Float64Array.from(reference).sort(), bins);
    } else {
      edges = checkEdges(bins);
    }
    expectedCounts = binCounts(reference, edges);
    actualCounts = binCounts(current, edges);
  }
  const [e, a] = toProbabilityPair('expected', expectedCounts, 'actual', actualCounts, 1)
    .map((proportions) => proportions.map((x) => (x === 0 ? epsilon : x)));
  const contributions = e.map((ei, i) => (a[i] - ei) * Math.log(a[i] / ei));
  const psi = contributions.reduce((s, c) => s + c, 0);
  return { psi, level: driftLevel(psi, 0.1, 0.25), edges, expected: e, actual: a, contributions };
}
