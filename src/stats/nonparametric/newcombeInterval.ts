import { normalQuantile } from '../core/distributions.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { checkSuccesses } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';
import { wilsonBounds } from './wilsonInterval.js';

/** Newcombe's square-and-add bounds for p1 − p2 at normal quantile z (its Wilson bounds uncorrected). */
export function newcombeBounds(s1: number, n1: number, s2: number, n2: number, z: number): [number, number] {
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const [l1, u1] = wilsonBounds(s1, n1, z, false);
  const [l2, u2] = wilsonBounds(s2, n2, z, false);
  // Over a common denominator, so that e.g. 56/70 − 48/80 is exactly 0.2.
  const estimate = (s1 * n2 - s2 * n1) / (n1 * n2);
  return [estimate - Math.hypot(p1 - l1, u2 - p2), estimate + Math.hypot(p2 - l2, u1 - p1)];
}

/**
 * Newcombe's hybrid score ("square-and-add") interval for the difference p1 − p2 of two
 * independent proportions, e.g. the accuracies of two models on disjoint test sets. With Wilson
 * intervals (l1, u1) and (l2, u2): [D − √((p̂1 − l1)² + (u2 − p̂2)²), D + √((p̂2 − l2)² + (u1 − p̂1)²)],
 * D = p̂1 − p̂2. Matches statsmodels confint_proportions_2indep(method='newcomb', compare='diff').
 *
 * Reference: Newcombe (1998), Interval estimation for the difference between independent
 * proportions: comparison of eleven methods, Stat. Med. 17:873–890 (method 10).
 *
 * @throws {InvalidArgumentError} unless 0 ≤ s ≤ n are integers, or on a bad level.
 * @throws {InsufficientDataError} when n1 or n2 is 0.
 * @example
 * newcombeInterval(56, 70, 48, 80); // { estimate: 0.2, lower: 0.05243147240236484, upper: 0.333872654036906, level: 0.95 }
 */
export function newcombeInterval(s1: number, n1: number, s2: number, n2: number,
  options: { confidenceLevel?: number } = {}): ProportionInterval {
  checkSuccesses('s1', s1, 'n1', n1);
  checkSuccesses('s2', s2, 'n2', n2);
  const level = checkConfidenceLevel(options.confidenceLevel);
  const [lower, upper] = newcombeBounds(s1, n1, s2, n2, normalQuantile(1 - (1 - level) / 2));
  return { estimate: (s1 * n2 - s2 * n1) / (n1 * n2), lower, upper, level };
}
