/**
 * Reject/keep decisions after multiple-testing adjustment.
 */
import { assertOpenUnitInterval } from '../../core/validate.js';
import { pAdjust, type PAdjustMethod } from './pAdjust.js';

export interface AdjustedDecisionOptions {
  /** Adjustment method (default 'holm'). */
  method?: PAdjustMethod;
  /** Family-wise error rate or false discovery rate to control (default 0.05). */
  alpha?: number;
  /** Total number of tests in the family, as in {@link pAdjust}. */
  n?: number;
}

/**
 * Which hypotheses to reject: `true` where the adjusted p-value (see {@link pAdjust}) is ≤ alpha.
 * With 'bonferroni', 'holm', 'hochberg' or 'hommel' this controls the family-wise error rate at
 * alpha; with 'BH' or 'BY' the false discovery rate (Benjamini & Hochberg 1995).
 *
 * @throws {InvalidArgumentError} as {@link pAdjust}, or if alpha is outside (0, 1).
 * @example
 * adjustedDecisions([0.01, 0.04, 0.03, 0.005], { method: 'holm', alpha: 0.05 }); // [ true, false, false, true ]
 */
export function adjustedDecisions(pValues: ArrayLike<number>, options?: AdjustedDecisionOptions): boolean[] {
  const alpha = options?.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  return pAdjust(pValues, options?.method ?? 'holm', options?.n, 'options.').map((p) => p <= alpha);
}
