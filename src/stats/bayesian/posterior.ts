/**
 * Posterior distributions of a per-arm metric: Beta for conversion rates, Normal for the mean of a
 * continuous metric. Both expose the same surface (moments, cdf, quantile, seeded draws, credible
 * interval, print) so the comparison functions accept either kind.
 */
import { betaCdf, normalCdf, normalPdf, normalQuantile } from '../core/distributions.js';
import type { ConfidenceInterval } from '../core/htest.js';
import { formatNumber } from '../core/htest.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import type { Random } from '../../core/random.js';
import { betaPdf, betaQuantile } from '../core/distributions.js';

interface PosteriorMethods {
  /** Posterior mean and variance of the metric. */
  readonly mean: number;
  readonly variance: number;
  pdf(x: number): number;
  cdf(x: number): number;
  quantile(p: number): number;
  /** One draw from the posterior, using the caller's seeded generator. */
  sample(rng: Random): number;
  /** Equal-tailed credible interval (default level 0.95). */
  credibleInterval(level?: number): ConfidenceInterval;
  print(): string;
  toString(): string;
}

/** Beta(α, β) posterior of a conversion rate. */
export interface BetaPosterior extends PosteriorMethods {
  readonly kind: 'beta';
  readonly alpha: number;
  readonly beta: number;
}

/** Normal(mean, variance) posterior of a mean. */
export interface GaussianPosterior extends PosteriorMethods {
  readonly kind: 'gaussian';
}

export type Posterior = BetaPosterior | GaussianPosterior;

function equalTailed(quantile: (p: number) => number, level: number | undefined): ConfidenceInterval {
  const checked = checkConfidenceLevel(level, 'level');
  return { lower: quantile((1 - checked) / 2), upper: quantile((1 + checked) / 2), level: checked };
}

function describe(title: string, mean: number, variance: number, ci: ConfidenceInterval): string {
  return [
    title,
    `  mean = ${formatNumber(mean)}, sd = ${formatNumber(Math.sqrt(variance))}`,
    `  ${formatNumber(ci.level * 100)}% credible interval: [${formatNumber(ci.lower)}, ${formatNumber(ci.upper)}]`,
  ].join('\n');
}

/** Builds a Beta(α, β) posterior object (parameters already validated). */
export function makeBetaPosterior(alpha: number, beta: number): BetaPosterior {
  const total = alpha + beta;
  const posterior: BetaPosterior = {
    kind: 'beta',
    alpha,
    beta,
    mean: alpha / total,
    variance: (alpha * beta) / (total * total * (total + 1)),
    pdf: (x) => betaPdf(x, alpha, beta),
    cdf: (x) => betaCdf(x, alpha, beta),
    quantile: (p) => betaQuantile(p, alpha, beta),
    sample: (rng) => rng.beta(alpha, beta),
    credibleInterval: (level) => equalTailed(posterior.quantile, level),
    // Parameters are counts plus prior pseudo-counts: print them in full, not to 4 significant digits.
    print: () => describe(`Beta posterior (alpha = ${alpha}, beta = ${beta})`,
      posterior.mean, posterior.variance, posterior.credibleInterval()),
    toString: () => posterior.print(),
  };
  return posterior;
}

/** Builds a Normal(mean, variance) posterior object (parameters already validated). */
export function makeGaussianPosterior(mean: number, variance: number): GaussianPosterior {
  const sd = Math.sqrt(variance);
  const posterior: GaussianPosterior = {
    kind: 'gaussian',
    mean,
    variance,
    pdf: (x) => normalPdf((x - mean) / sd) / sd,
    cdf: (x) => normalCdf((x - mean) / sd),
    quantile: (p) => mean + sd * normalQuantile(p),
    sample: (rng) => mean + sd * rng.normal(),
    credibleInterval: (level) => equalTailed(posterior.quantile, level),
    print: () => describe('Normal posterior of the mean', mean, variance, posterior.credibleInterval()),
    toString: () => posterior.print(),
  };
  return posterior;
}
