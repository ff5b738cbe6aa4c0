/**
 * Posterior expectations E[g(X)], X ~ Beta(α, β), by quadrature (density and quantile are in
 * core/distributions).
 */
import { betaPdf } from '../core/distributions.js';
import { logBeta } from '../core/special.js';
import { integrate } from './quadrature.js';

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
