/**
 * Beta-distribution numerics the Bayesian functions share: density, quantile and posterior
 * expectations E[g(X)], X ~ Beta(α, β), by quadrature.
 */
import { betaCdf } from '../core/distributions.js';
import { logBeta } from '../core/special.js';
import { integrate } from './quadrature.js';

/** Beta(α, β) density. */
export function betaPdf(x: number, alpha: number, beta: number): number {
  if (x < 0 || x > 1) return 0;
  return Math.exp((alpha - 1) * Math.log(x) + (beta - 1) * Math.log1p(-x) - logBeta(alpha, beta));
}

/**
 * Beta(α, β) quantile: safeguarded Newton on the accurate incomplete beta, bisecting whenever a
 * Newton step leaves the current bracket, until the step is below 1e-15 relative.
 */
export function betaQuantile(p: number, alpha: number, beta: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = alpha / (alpha + beta);
  for (let i = 0; i < 400; i++) {
    const excess = betaCdf(x, alpha, beta) - p;
    if (excess === 0) return x;
    if (excess > 0) hi = x; else lo = x;
    const density = betaPdf(x, alpha, beta);
    let next = x - excess / density;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * x || next === lo || next === hi) return next;
    x = next;
  }
  return x;
}

/**
 * E[g(X)] for X ~ Beta(α, β) by adaptive Gauss–Kronrod quadrature. Panels break at the mean ± 1, 2,
 * 4 … 32 standard deviations so narrow posteriors are resolved; when α < 1 (β < 1) the first
 * (last) panel is mapped by x = c·t^(1/α) (1 − x = (1 − c)·s^(1/β)), which removes the density's
 * integrable singularity at the endpoint.
 */
export function betaExpectation(alpha: number, beta: number, g: (x: number) => number): number {
  const logB = logBeta(alpha, beta);
  const mean = alpha / (alpha + beta);
  const sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
  const inner = new Set<number>([mean]);
  for (let k = 1; k <= 32; k *= 2) {
    for (const x of [mean - k * sd, mean + k * sd]) if (x > 0 && x < 1) inner.add(x);
  }
  const cuts = [...inner].sort((u, v) => u - v);
  const first = cuts[0];
  const last = cuts[cuts.length - 1];
  const weighted = (x: number): number => betaPdf(x, alpha, beta) * g(x);
  let total = integrate(weighted, cuts);
  if (alpha < 1) {
    // x = first·t^(1/α): the Jacobian cancels x^(α−1), leaving first^α/α · (1 − x)^(β−1)/B(α, β).
    const scale = alpha * Math.log(first) - Math.log(alpha) - logB;
    total += integrate((t) => {
      const x = first * Math.pow(t, 1 / alpha);
      return Math.exp(scale + (beta - 1) * Math.log1p(-x)) * g(x);
    }, [0, 1]);
  } else {
    total += integrate(weighted, [0, first]);
  }
  if (beta < 1) {
    const scale = beta * Math.log1p(-last) - Math.log(beta) - logB;
    total += integrate((s) => {
      const x = 1 - (1 - last) * Math.pow(s, 1 / beta);
      return Math.exp(scale + (alpha - 1) * Math.log(x)) * g(x);
    }, [0, 1]);
  } else {
    total += integrate(weighted, [last, 1]);
  }
  return total;
}
