import { assertProbability } from '../../core/validate.js';

/**
 * Cohen's effect size h for two proportions, h = 2·asin√p1 − 2·asin√p2: the difference on the
 * variance-stabilizing arcsine scale, where a proportion's variance is 1/n whatever its value.
 * Same argument order as statsmodels `proportion_effectsize(prop1, prop2)`; for a treatment B
 * against control A pass `cohensH(pB, pA)`.
 *
 * Reference: Cohen (1988) Statistical Power Analysis for the Behavioral Sciences, 2nd ed., ch. 6.
 *
 * @throws {InvalidArgumentError} unless both arguments are probabilities in [0, 1].
 * @example
 * cohensH(0.5, 0.4).toFixed(6); // '0.201358'
 */
export function cohensH(p1: number, p2: number): number {
  assertProbability('p1', p1);
  assertProbability('p2', p2);
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}
