import { normalQuantile } from '../core/distributions.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { checkSuccesses } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';

/**
 * Wald (normal-approximation) interval for one binomial proportion: p̂ ± z·√(p̂(1 − p̂)/n), not
 * clamped to [0, 1]. Spotify confidence's ChiSquared summary and statsmodels
 * proportion_confint(method='normal') report it; it undercovers for small n or p̂ near 0 or 1,
 * where {@link wilsonInterval} is the better choice.
 *
 * Reference: Agresti & Coull (1998) "Approximate is better than 'exact' for interval estimation of
 * binomial proportions", Am. Stat. 52(2).
 *
 * @throws {InvalidArgumentError} unless 0 ≤ successes ≤ n are integers, or on a bad level.
 * @throws {InsufficientDataError} when n = 0.
 * @example
 * waldProportionInterval(500, 1009); // { estimate: 0.49554013875123887, lower: 0.4646901340180582, upper: 0.5263901434844196, level: 0.95 }
 */
export function waldProportionInterval(successes: number, n: number, options: { confidenceLevel?: number } = {}): ProportionInterval {
  checkSuccesses('successes', successes, 'n', n);
  const level = checkConfidenceLevel(options.confidenceLevel);
  const p = successes / n;
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt((p * (1 - p)) / n);
  return { estimate: p, lower: p - half, upper: p + half, level };
}
