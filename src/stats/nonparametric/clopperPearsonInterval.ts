import { betaQuantile } from '../core/distributions.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { checkSuccesses } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';

/**
 * Clopper–Pearson "exact" interval for a binomial proportion: the p whose binomial tails at the
 * observed count are each ≥ α/2, i.e. lower = B⁻¹(α/2; s, n − s + 1) (0 when s = 0) and
 * upper = B⁻¹(1 − α/2; s + 1, n − s) (1 when s = n), with B⁻¹ the beta quantile. Guaranteed
 * coverage ≥ the level (conservative). Matches statsmodels proportion_confint(method='beta') and
 * R's binom.test.
 *
 * Reference: Clopper & Pearson (1934), Biometrika 26:404–413.
 *
 * @throws {InvalidArgumentError} unless 0 ≤ successes ≤ n are integers, or on a bad level.
 * @throws {InsufficientDataError} when n = 0.
 * @example
 * clopperPearsonInterval(81, 100); // { estimate: 0.81, lower: 0.7193020420263874, upper: 0.8815568038674564, level: 0.95 }
 */
export function clopperPearsonInterval(successes: number, n: number, options: { confidenceLevel?: number } = {}): ProportionInterval {
  checkSuccesses('successes', successes, 'n', n);
  const level = checkConfidenceLevel(options.confidenceLevel);
  const tail = (1 - level) / 2;
  return {
    estimate: successes / n,
    lower: successes === 0 ? 0 : betaQuantile(tail, successes, n - successes + 1),
    // Upper bound through the mirrored distribution, so its lower tail is what we solve for.
    upper: successes === n ? 1 : 1 - betaQuantile(tail, n - successes, successes + 1),
    level,
  };
}
