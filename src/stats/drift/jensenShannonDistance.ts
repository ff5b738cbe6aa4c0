import { InvalidArgumentError } from '../../core/errors.js';
import { assertPositive } from '../../core/validate.js';
import { driftLevel, type DriftLevel } from './driftLevel.js';
import { toProbabilityPair } from './distributionInput.js';

export interface JensenShannonOptions {
  /** Logarithm base (default e, as scipy). Base 2 bounds the distance by 1. */
  base?: number;
}

export interface JensenShannonResult {
  /** √JSD in the requested base. */
  distance: number;
  base: number;
  /** Guidance read from the natural-log distance; see {@link jensenShannonDistance}. */
  level: DriftLevel;
}

/** x·ln(x/y) with scipy.special.rel_entr's conventions (0 when x = 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

/**
 * Jensen–Shannon distance between two discrete distributions, exactly as
 * scipy.spatial.distance.jensenshannon: both vectors are normalized to sum to one, m = (p + q)/2,
 * JSD = ½·KL(p‖m) + ½·KL(q‖m) divided by ln(base), and the distance is √JSD (Endres & Schindelin
 * 2003 show it is a metric). Range [0, √ln 2 ≈ 0.833] in base e, [0, 1] in base 2.
 *
 * Guidance `level` (a heuristic, not a test; JS distance has no canonical cut-offs): the natural-log
 * distance is 'none' below 0.1 (the default drift threshold of the Evidently monitoring library,
 * which uses scipy's default base e), 'moderate' up to 0.2 and 'significant' above (ablab's choice).
 * For a test with a p-value on label counts use {@link predictionDrift} (chi-square).
 *
 * @param p counts or probabilities per category (non-negative, not all zero).
 * @param q the same categories for the other distribution.
 * @throws {InvalidArgumentError} for negative or non-finite entries, all-zero vectors, different
 *   lengths, or a base that is not > 0 and ≠ 1.
 * @example
 * jensenShannonDistance([1, 0, 0], [0, 1, 0], { base: 2 }).distance; // 1
 * jensenShannonDistance([0.5, 0.5], [0.9, 0.1]).distance; // 0.31898154347735663
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, options: JensenShannonOptions = {}): JensenShannonResult {
  const { base = Math.E } = options;
  assertPositive('options.base', base);
  if (base === 1) throw new InvalidArgumentError('options.base', base, 'expected a logarithm base other than 1');
  const [pn, qn] = toProbabilityPair('p', p, 'q', q);
  let divergence = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i] + qn[i]) / 2;
    divergence += relativeEntropyTerm(pn[i], m) + relativeEntropyTerm(qn[i], m);
  }
  const natural = Math.sqrt(divergence / 2);
  return { distance: Math.sqrt(divergence / Math.log(base) / 2), base, level: driftLevel(natural, 0.1, 0.2) };
}
