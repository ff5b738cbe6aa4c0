import { InsufficientDataError } from '../../core/errors.js';
import { normalQuantile } from '../core/distributions.js';
import { checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { checkSuccesses } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';

/**
 * Confidence interval for the odds ratio (s1/(n1 − s1))/(s2/(n2 − s2)) of two independent
 * proportions: exp(log OR ± z·√(1/a + 1/b + 1/c + 1/d)) over the 2×2 cells.
 * - 'logit' (default; Woolf 1955): cells as observed; needs no zero cell.
 * - 'logit-adjusted' (Gart 1966): 0.5 added to every cell, for the estimate too; defined with zero cells.
 * Both match statsmodels confint_proportions_2indep(compare='odds-ratio').
 *
 * References: Woolf (1955) Ann. Hum. Genet. 19:251–253; Gart (1966) Biometrika 53:471–475;
 * Agresti (2013) Categorical Data Analysis, 3rd ed., §3.1.
 *
 * @throws {InvalidArgumentError} unless 0 ≤ s ≤ n are integers, or on a bad level or method.
 * @throws {InsufficientDataError} when n1 or n2 is 0, or 'logit' meets a zero cell.
 * @example
 * oddsRatioInterval(56, 70, 48, 80); // { estimate: 2.6666666666666665, lower: 1.2762178705364329, upper: 5.572019696074382, level: 0.95 }
 */
export function oddsRatioInterval(s1: number, n1: number, s2: number, n2: number,
  options: { confidenceLevel?: number; method?: 'logit' | 'logit-adjusted' } = {}): ProportionInterval {
  checkSuccesses('s1', s1, 'n1', n1);
  checkSuccesses('s2', s2, 'n2', n2);
  const level = checkConfidenceLevel(options.confidenceLevel);
  const method = checkChoice('options.method', options.method, ['logit', 'logit-adjusted'] as const, 'logit');
  const add = method === 'logit-adjusted' ? 0.5 : 0;
  const cells = [s1 + add, n1 - s1 + add, s2 + add, n2 - s2 + add];
  if (cells.some((cell) => cell === 0)) {
    throw new InsufficientDataError('s1', [s1, n1, s2, n2], "the 'logit' interval needs no zero cell in the 2×2 table; use 'logit-adjusted'");
  }
  const [a, b, c, d] = cells;
  const estimate = (a * d) / (b * c);
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return { estimate, lower: estimate * Math.exp(-half), upper: estimate * Math.exp(half), level };
}
