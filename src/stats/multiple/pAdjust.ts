/**
 * Adjustment of p-values for multiple comparisons, identical to R's `p.adjust`.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';

/** Adjustment methods, spelled as in R's p.adjust. */
export type PAdjustMethod = 'bonferroni' | 'holm' | 'hochberg' | 'hommel' | 'BH' | 'BY';
export const P_ADJUST_METHODS: readonly PAdjustMethod[] = ['bonferroni', 'holm', 'hochberg', 'hommel', 'BH', 'BY'];

/** Validates p-values: an array of numbers in [0, 1], NaN refused (R would skip NA silently). */
function toPValues(pValues: unknown): number[] {
  if (!Array.isArray(pValues) && !(ArrayBuffer.isView(pValues) && !(pValues instanceof DataView))) {
    throw new InvalidArgumentError('pValues', pValues, 'expected an array of p-values');
  }
  return Array.from(pValues as ArrayLike<unknown>, (p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(`pValues[${i}]`, p, 'expected a p-value in [0, 1] (NaN is not allowed)');
    }
    return p;
  });
}

/** Indices of `p` sorted by value (stable, like R's order), ascending or descending. */
function order(p: readonly number[], descending: boolean): number[] {
  return p.map((_, i) => i).sort((i, j) => (descending ? p[j] - p[i] : p[i] - p[j]));
}

/**
 * Step-up/step-down adjustment: visit p in `order`, scale the k-th visited p by `factor(k)`,
 * then take the running max (step-down) or min (step-up), capped at 1, back in input order.
 */
function stepwise(p: readonly number[], descending: boolean, factor: (k: number) => number): number[] {
  const adjusted = new Array<number>(p.length);
  let running = descending ? Infinity : -Infinity;
  order(p, descending).forEach((index, k) => {
    const scaled = factor(k) * p[index];
    running = descending ? Math.min(running, scaled) : Math.max(running, scaled);
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}

/** Hommel (1988), transcribed from R's p.adjust; `p` padded with ones up to n and sorted ascending. */
function hommel(pValues: readonly number[], n: number): number[] {
  const padded = [...pValues, ...new Array<number>(n - pValues.length).fill(1)];
  const o = order(padded, false);
  const p = o.map((i) => padded[i]);
  let initial = Infinity;
  for (let i = 0; i < n; i++) initial = Math.min(initial, (n * p[i]) / (i + 1));
  const q = new Array<number>(n).fill(initial);
  const pa = new Array<number>(n).fill(initial);
  for (let m = n - 1; m >= 2; m--) {
    // R: i1 = 1..(n−m+1), i2 = (n−m+2)..n (1-based); q1 = min(m·p[i2]/(2..m)).
    let q1 = Infinity;
    for (let k = n - m + 1; k < n; k++) q1 = Math.min(q1, (m * p[k]) / (k - (n - m) + 1));
    for (let k = 0; k <= n - m; k++) q[k] = Math.min(m * p[k], q1);
    for (let k = n - m + 1; k < n; k++) q[k] = q[n - m];
    for (let k = 0; k < n; k++) pa[k] = Math.max(pa[k], q[k]);
  }
  const adjusted = new Array<number>(n);
  o.forEach((index, k) => { adjusted[index] = Math.max(pa[k], p[k]); });
  return adjusted.slice(0, pValues.length);
}

/**
 * Adjusts p-values for multiple testing exactly as R's `p.adjust(p, method, n)`; with m = n tests
 * and p₍ᵢ₎ the i-th smallest p-value:
 * - `bonferroni`: min(1, m·p);
 * - `holm` (Holm 1979, step-down FWER): max_{j≤i} min(1, (m − j + 1) p₍ⱼ₎);
 * - `hochberg` (Hochberg 1988, step-up FWER under independence/PRDS): min_{j≥i} min(1, (m − j + 1) p₍ⱼ₎);
 * - `hommel` (Hommel 1988, closed Simes tests, FWER; more powerful than Hochberg);
 * - `BH` (Benjamini & Hochberg 1995, FDR): min_{j≥i} min(1, m/j · p₍ⱼ₎);
 * - `BY` (Benjamini & Yekutieli 2001, FDR under any dependence): BH times Σ_{k=1}^{m} 1/k.
 * The input is never mutated; the output keeps its order. Unlike R, NaN is refused instead of kept
 * as NA.
 *
 * @param pValues p-values in [0, 1], in any order, ties allowed
 * @param method adjustment method (default 'holm', as R)
 * @param n number of tests (≥ pValues.length; default pValues.length), for a subset of a larger family
 * @param optionsPrefix how the caller's errors name method and n (e.g. 'options.' when they came in an options object)
 * @throws {InvalidArgumentError} on a p-value outside [0, 1] or NaN, an unknown method, or a bad n.
 * @example
 * pAdjust([0.01, 0.04, 0.03, 0.005], 'holm'); // [ 0.03, 0.06, 0.06, 0.02 ]
 */
export function pAdjust(pValues: ArrayLike<number>, method: PAdjustMethod = 'holm', n?: number, optionsPrefix = ''): number[] {
  const p = toPValues(pValues);
  const m = checkChoice(`${optionsPrefix}method`, method, P_ADJUST_METHODS, 'holm');
  const tests = n ?? p.length;
  if (typeof tests !== 'number' || !Number.isInteger(tests) || tests < p.length) {
    throw new InvalidArgumentError(`${optionsPrefix}n`, n, `expected an integer >= the number of p-values (${p.length})`);
  }
  if (tests <= 1) return p;
  const count = p.length;
  switch (m) {
    case 'bonferroni': return p.map((v) => Math.min(1, tests * v));
    case 'holm': return stepwise(p, false, (k) => tests - k);
    case 'hochberg': return stepwise(p, true, (k) => tests - count + k + 1);
    // R switches Hommel to Hochberg for two tests, where they coincide.
    case 'hommel': return tests === 2 ? stepwise(p, true, (k) => tests - count + k + 1) : hommel(p, tests);
    case 'BH': return stepwise(p, true, (k) => tests / (count - k));
    case 'BY': {
      let harmonic = 0;
      for (let k = 1; k <= tests; k++) harmonic += 1 / k;
      return stepwise(p, true, (k) => (harmonic * tests) / (count - k));
    }
  }
}
