import { normalQuantile } from '../core/distributions.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { checkSuccesses } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';

export interface WilsonIntervalOptions {
  /** Default 0.95. */
  confidenceLevel?: number;
  /** Continuity correction (Newcombe 1998 method 4, as R's prop.test); default false. */
  correction?: boolean;
}

/** Wilson bounds for p̂ = successes/n at normal quantile z, optionally continuity corrected. */
export function wilsonBounds(successes: number, n: number, z: number, correction: boolean): [number, number] {
  const p = successes / n;
  const shift = correction ? 0.5 / n : 0;
  const z22n = (z * z) / (2 * n);
  const bound = (pc: number, sign: number): number =>
    (pc + z22n + sign * z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  const lowerCentre = p - shift;
  const upperCentre = p + shift;
  return [lowerCentre <= 0 ? 0 : bound(lowerCentre, -1), upperCentre >= 1 ? 1 : bound(upperCentre, 1)];
}

/**
 * Wilson score interval for a binomial proportion, e.g. a model's accuracy on a test set: the set
 * of p for which |p̂ − p| ≤ z·√(p(1 − p)/n), i.e.
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹(1 − α/2).
 * With `correction`, p̂ is moved by ±1/(2n) before solving (bounds clamped to [0, 1]).
 * Matches statsmodels proportion_confint(method='wilson') and R's prop.test(correct = TRUE/FALSE).
 *
 * References: Wilson (1927), JASA 22:209–212; Newcombe (1998), Stat. Med. 17:857–872 (methods 3–4).
 *
 * @throws {InvalidArgumentError} unless 0 ≤ successes ≤ n are integers, or on a bad level.
 * @throws {InsufficientDataError} when n = 0.
 * @example
 * wilsonInterval(81, 100); // { estimate: 0.81, lower: 0.7222115462093562, upper: 0.8748524849023127, level: 0.95 }
 */
export function wilsonInterval(successes: number, n: number, options: WilsonIntervalOptions = {}): ProportionInterval {
  checkSuccesses('successes', successes, 'n', n);
  const level = checkConfidenceLevel(options.confidenceLevel);
  const correction = options.correction ?? false;
  if (typeof correction !== 'boolean') throw new InvalidArgumentError('options.correction', correction, 'expected a boolean');
  const [lower, upper] = wilsonBounds(successes, n, normalQuantile(1 - (1 - level) / 2), correction);
  return { estimate: successes / n, lower, upper, level };
}
