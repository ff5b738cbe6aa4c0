/**
 * Pieces of the normal approximation to the Wilcoxon signed-rank statistic shared by the test and
 * by the asymptotic Hodges–Lehmann interval (Hollander, Wolfe & Chicken 2014, §3.1).
 */
import type { Alternative } from '../../core/validate.js';
import { tieTerm } from './ranks.js';

/**
 * Null standard deviation of r+ for `count` ranked values of which `zeroCount` are zero
 * differences ranked but unsigned (Pratt; Cureton 1967), with the tie correction
 * Σ(t³ − t)/48 over tie groups of the signed values:
 * sd² = [n(n+1)(2n+1) − z(z+1)(2z+1)]/24 − Σ(t³ − t)/48.
 */
export function signedRankNullSd(count: number, zeroCount: number, tieSizes: readonly number[]): number {
  const cube = (m: number): number => m * (m + 1) * (2 * m + 1);
  return Math.sqrt((cube(count) - cube(zeroCount) - 0.5 * tieTerm(tieSizes)) / 24);
}

/**
 * Continuity correction subtracted from (statistic − mean): ±0.5 towards the alternative, or
 * 0.5·sign(statistic − mean) for a two-sided test (scipy and R agree on this rule).
 */
export function continuityShift(alternative: Alternative, centred: number): number {
  if (alternative === 'greater') return 0.5;
  if (alternative === 'less') return -0.5;
  return 0.5 * Math.sign(centred);
}
