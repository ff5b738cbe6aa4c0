import { InsufficientDataError } from '../../core/errors.js';
import { normalQuantile } from '../core/distributions.js';
import { brentRoot } from '../core/roots.js';
import { checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { checkSuccesses } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';

export interface RiskRatioIntervalOptions {
  /** Default 0.95. */
  confidenceLevel?: number;
  /** 'score' (default) or 'log'. */
  method?: 'score' | 'log';
}

/**
 * Confidence interval for the risk ratio p1/p2 of two independent proportions.
 * - 'score' (default; Miettinen & Nurminen 1985 without the N/(N − 1) factor, as R PropCIs
 *   riskscoreci and statsmodels method='score', correction=False): the φ with
 *   |p̂1 − φp̂2| ≤ z·√(p̃1(1 − p̃1)/n1 + φ²p̃2(1 − p̃2)/n2), p̃ the maximum-likelihood proportions under
 *   p1 = φp2 (a quadratic). Works with zero counts (lower bound 0 when s1 = 0, upper ∞ when s2 = 0).
 * - 'log' (Katz et al. 1978): exp(log(p̂1/p̂2) ± z·√(1/s1 − 1/n1 + 1/s2 − 1/n2)); needs s1, s2 > 0.
 *
 * References: Katz, Baptista, Azen & Pike (1978) Biometrics 34:469–474; Miettinen & Nurminen (1985)
 * Stat. Med. 4:213–226.
 *
 * @throws {InvalidArgumentError} unless 0 ≤ s ≤ n are integers, or on a bad level or method.
 * @throws {InsufficientDataError} when n1 or n2 is 0, both counts are 0, or 'log' meets a zero count.
 * @example
 * riskRatioInterval(7, 34, 1, 34); // { estimate: 7, lower: 1.2208528535148107, upper: 42.575717609760446, level: 0.95 }
 */
export function riskRatioInterval(s1: number, n1: number, s2: number, n2: number,
  options: RiskRatioIntervalOptions = {}): ProportionInterval {
  checkSuccesses('s1', s1, 'n1', n1);
  checkSuccesses('s2', s2, 'n2', n2);
  const level = checkConfidenceLevel(options.confidenceLevel);
  const method = checkChoice('options.method', options.method, ['score', 'log'] as const, 'score');
  if (s1 === 0 && s2 === 0) throw new InsufficientDataError('s1', s1, 'the risk ratio is 0/0 when both arms have no successes');
  const z = normalQuantile(1 - (1 - level) / 2);
  const p1 = s1 / n1, p2 = s2 / n2;
  const estimate = p1 / p2;
  if (method === 'log') {
    if (s1 === 0 || s2 === 0) throw new InsufficientDataError(s1 === 0 ? 's1' : 's2', 0, "the 'log' interval needs successes in both arms; use 'score'");
    const half = z * Math.sqrt(1 / s1 - 1 / n1 + 1 / s2 - 1 / n2);
    return { estimate, lower: estimate * Math.exp(-half), upper: estimate * Math.exp(half), level };
  }
  const score = (logRatio: number): number => {
    const ratio = Math.exp(logRatio);
    const a = (n1 + n2) * ratio, b = -(n1 * ratio + s1 + n2 + s2 * ratio), c = s1 + s2;
    const q2 = (-b - Math.sqrt(Math.max(0, b * b - 4 * a * c))) / (2 * a);
    const q1 = ratio * q2;
    return (p1 - ratio * p2) / Math.sqrt((q1 * (1 - q1)) / n1 + (ratio * ratio * q2 * (1 - q2)) / n2);
  };
  // The score decreases in log φ; search on the log scale from the estimate (or from a finite
  // start when it is 0 or ∞), bounds 0 and ∞ where the data put them.
  const centre = s1 === 0 ? Math.log(0.5 / n1 / p2) : s2 === 0 ? Math.log(p1 / (0.5 / n2)) : Math.log(estimate);
  const bound = (target: number, direction: number): number => {
    let far = centre;
    for (let step = 1; step < 2 ** 12; step *= 2) {
      far = centre + direction * step;
      if ((score(far) - target) * direction < 0) return Math.exp(brentRoot((x) => score(x) - target, Math.min(centre, far), Math.max(centre, far)));
    }
    return direction < 0 ? 0 : Infinity;
  };
  return {
    estimate,
    lower: s1 === 0 ? 0 : bound(z, -1),
    upper: s2 === 0 ? Infinity : bound(-z, 1),
    level,
  };
}
