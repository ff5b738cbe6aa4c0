/**
 * Confidence level of intervals that agree with multiplicity-adjusted decisions.
 */
import { assertOpenUnitInterval } from '../../core/validate.js';
import { pAdjust, type PAdjustMethod } from './pAdjust.js';

/**
 * Level for the m intervals of a family of two-sided tests whose p-values are adjusted with
 * `method`, chosen so that an interval excludes the null value only where the adjusted decision
 * rejects it (up to ties at the threshold):
 * - family-wise methods ('bonferroni', 'holm', 'hochberg', 'hommel'): the Bonferroni simultaneous
 *   level 1 − α/m (Dunn 1961): all m intervals cover jointly with probability ≥ 1 − α, and an
 *   interval that excludes the null has p < α/m, which each of these methods rejects;
 * - 'BH': the false-coverage-statement-rate level 1 − Rα/m, R the number of BH rejections at α
 *   (Benjamini & Yekutieli 2005): the rejected hypotheses have p ≤ Rα/m, the others p > Rα/m;
 * - 'BY': likewise 1 − Rα/(m·Σ_{i≤m} 1/i).
 * With no rejection R is taken as 1.
 *
 * References: Dunn, O. J. (1961) JASA 56:52–64; Benjamini, Y. & Yekutieli, D. (2005) "False
 * discovery rate-adjusted multiple confidence intervals for selected parameters", JASA 100:71–81.
 *
 * @throws {InvalidArgumentError} as {@link pAdjust}, or if alpha is outside (0, 1).
 * @example
 * adjustedIntervalLevel([0.01, 0.04, 0.03], 'holm', 0.05); // 0.9833333333333333
 * adjustedIntervalLevel([0.01, 0.04, 0.03], 'BH', 0.05); // 0.95
 */
export function adjustedIntervalLevel(pValues: ArrayLike<number>, method: PAdjustMethod, alpha: number): number {
  assertOpenUnitInterval('alpha', alpha);
  const adjusted = pAdjust(pValues, method);
  const m = adjusted.length;
  if (method !== 'BH' && method !== 'BY') return 1 - alpha / m;
  const rejections = Math.max(1, adjusted.filter((p) => p <= alpha).length);
  const harmonic = method === 'BY' ? Array.from({ length: m }, (_, i) => 1 / (i + 1)).reduce((s, x) => s + x, 0) : 1;
  return 1 - (rejections * alpha) / (m * harmonic);
}
