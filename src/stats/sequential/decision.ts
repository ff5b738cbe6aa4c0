import { InvalidArgumentError } from '../../core/errors.js';
import { toFiniteArray } from '../../core/validate.js';
import type { GroupSequentialBounds } from './groupSequential.js';

/** Outcome of applying group sequential boundaries to the Z-statistics observed so far. */
export interface SequentialDecision {
  /** 'rejectH0': an efficacy boundary was crossed; 'acceptH0': the last look passed without crossing; else 'continue'. */
  decision: 'rejectH0' | 'acceptH0' | 'continue';
  /** 1-based look at which the test stopped, or null while it continues. */
  stoppedAt: number | null;
  /** Which boundary was crossed (the lower one only exists for two-sided designs). */
  side: 'upper' | 'lower' | null;
  /** Number of looks examined (stops at the first crossing). */
  looksUsed: number;
}

/**
 * Applies a group sequential design to Z-statistics Z_1, Z_2, … observed at its looks (in order):
 * the test stops at the first look k with Z_k ≥ b_k (one-sided) or |Z_k| ≥ b_k (two-sided), and
 * accepts H0 if the final look K passes without crossing (Jennison & Turnbull 2000, ch. 2).
 *
 * @throws {InvalidArgumentError} when there are more statistics than looks or a statistic is not finite.
 * @example
 * const bounds = groupSequentialBounds({ looks: 3, sides: 2, spending: 'obrienFleming' });
 * sequentialDecision(bounds, [1.2, -2.7]);
 * // → { decision: 'rejectH0', stoppedAt: 2, side: 'lower', looksUsed: 2 }
 */
export function sequentialDecision(bounds: GroupSequentialBounds, zStatistics: readonly number[]): SequentialDecision {
  if (typeof bounds !== 'object' || bounds === null || !Array.isArray(bounds.looks)) {
    throw new InvalidArgumentError('bounds', bounds, 'expected the result of groupSequentialBounds');
  }
  const z = toFiniteArray('zStatistics', zStatistics, 0);
  const K = bounds.looks.length;
  if (z.length > K) throw new InvalidArgumentError('zStatistics', zStatistics, `expected at most ${K} statistics, one per look`);
  for (let k = 0; k < z.length; k++) {
    const b = bounds.looks[k].zBoundary;
    const side = z[k] >= b ? 'upper' : bounds.sides === 2 && z[k] <= -b ? 'lower' : null;
    if (side) return { decision: 'rejectH0', stoppedAt: k + 1, side, looksUsed: k + 1 };
  }
  return z.length === K
    ? { decision: 'acceptH0', stoppedAt: K, side: null, looksUsed: K }
    : { decision: 'continue', stoppedAt: null, side: null, looksUsed: z.length };
}
