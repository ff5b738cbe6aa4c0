/** Tails of the Binomial(n, 1/2) distribution, the null law of the discordant split in McNemar's test. */
import { logGamma, regularizedBeta } from '../core/special.js';

/** Beyond this, 2^−n underflows and the terms are computed on the log scale instead. */
const MAX_DIRECT_N = 1000;

/** P(X = k) for X ~ Binomial(n, 1/2). */
export function binomialHalfPmf(k: number, n: number): number {
  if (k < 0 || k > n) return 0;
  if (n <= MAX_DIRECT_N) {
    // C(n, k)/2^n by the product of ratios, exact for small n (a few ulps otherwise).
    let term = 2 ** -n;
    for (let i = 0; i < Math.min(k, n - k); i++) term *= (n - i) / (i + 1);
    return term;
  }
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) - n * Math.LN2);
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2): summed term by term, or I_{1/2}(n − k, k + 1) for large n. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (n > MAX_DIRECT_N) return regularizedBeta(0.5, n - k, k + 1);
  let term = 2 ** -n;
  let sum = term;
  for (let i = 0; i < k; i++) {
    term *= (n - i) / (i + 1);
    sum += term;
  }
  return sum;
}
