/**
 * Robbins' (1970) normal-mixture boundary, shared by the mSPRT and the asymptotic confidence
 * sequence. For an estimate θ̂ ~ N(θ, s²) whose score is a Gaussian process in information 1/s², mixing
 * the likelihood ratio over θ ~ N(θ0, τ²) gives the nonnegative martingale
 *   Λ = (1 + r)^(−1/2) · exp( z² r / (2(1 + r)) ),   z = (θ̂ − θ0)/s,   r = τ²/s²,
 * and Ville's inequality P(sup Λ ≥ 1/α) ≤ α makes 1/Λ an always-valid p-value and
 *   θ̂ ± s·√((1 + 1/r)(ln(1 + r) + 2 ln(1/α)))
 * a (1 − α) confidence sequence.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertOpenUnitInterval, assertPositive } from '../../core/validate.js';
import { normalCdf } from '../core/distributions.js';

/** ln Λ for standardized statistic z and information ratio r = τ²/s². */
export function logMixtureLikelihoodRatio(z: number, ratio: number): number {
  return (0.5 * z * z * ratio) / (1 + ratio) - 0.5 * Math.log1p(ratio);
}

/** Half-width of the (1 − α) mixture confidence sequence in standard errors. */
export function mixtureHalfWidth(ratio: number, alpha: number): number {
  return Math.sqrt((1 + 1 / ratio) * (Math.log1p(ratio) - 2 * Math.log(alpha)));
}

/** Always-valid inference at one look; the p-value and interval are not yet running min / intersection. */
export interface MixtureLook {
  logLikelihoodRatio: number;
  pValue: number;
  lower: number;
  upper: number;
}

export function mixtureLook(estimate: number, standardError: number, ratio: number, alpha: number, nullValue: number): MixtureLook {
  const logLikelihoodRatio = logMixtureLikelihoodRatio((estimate - nullValue) / standardError, ratio);
  const halfWidth = standardError * mixtureHalfWidth(ratio, alpha);
  return { logLikelihoodRatio, pValue: Math.min(1, Math.exp(-logLikelihoodRatio)), lower: estimate - halfWidth, upper: estimate + halfWidth };
}

/** One component w·N(mean, variance) of a fixed mixing distribution of the effect. */
export interface NormalComponent {
  weight: number;
  mean: number;
  variance: number;
}

/** Validates a fixed mixing distribution given as `options.mixture`. */
export function checkMixture(mixture: unknown): NormalComponent[] {
  if (!Array.isArray(mixture) || mixture.length === 0) throw new InvalidArgumentError('options.mixture', mixture, 'expected a non-empty array of {weight, mean, variance}');
  mixture.forEach((c, j) => {
    if (typeof c !== 'object' || c === null) throw new InvalidArgumentError(`options.mixture[${j}]`, c, 'expected {weight, mean, variance}');
    assertPositive(`options.mixture[${j}].weight`, c.weight);
    assertFiniteNumber(`options.mixture[${j}].mean`, c.mean);
    assertPositive(`options.mixture[${j}].variance`, c.variance);
  });
  const total = mixture.reduce((sum: number, c: NormalComponent) => sum + c.weight, 0);
  if (Math.abs(total - 1) > 1e-9) throw new InvalidArgumentError('options.mixture', mixture, `expected weights summing to 1, got ${total}`);
  return mixture.map((c: NormalComponent) => ({ weight: c.weight, mean: c.mean, variance: c.variance }));
}

/** Variance of Σ w_j N(μ_j, τ_j²): Σ w_j(τ_j² + μ_j²) − (Σ w_j μ_j)². */
export function mixtureVariance(mixture: readonly NormalComponent[]): number {
  const mean = mixture.reduce((sum, c) => sum + c.weight * c.mean, 0);
  return mixture.reduce((sum, c) => sum + c.weight * (c.variance + c.mean * c.mean), 0) - mean * mean;
}

/** ln of the marginal density of θ̂ ~ N(θ, s²) with θ ~ Σ w_j N(μ_j, τ_j²): ln Σ w_j N(θ̂; μ_j, s² + τ_j²) (log-sum-exp). */
function logMarginalDensity(estimate: number, squaredStandardError: number, components: readonly NormalComponent[]): number {
  const terms = components.map((c) => {
    const v = squaredStandardError + c.variance;
    return Math.log(c.weight) - 0.5 * Math.log(2 * Math.PI * v) - (estimate - c.mean) ** 2 / (2 * v);
  });
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0));
}

/**
 * ln Λ for a mixing distribution fixed in advance (not re-centred at θ0): the likelihood ratio of θ
 * against θ0 mixed over θ ~ Σ w_j N(μ_j, τ_j²) is the ratio of marginal densities
 * m(θ̂)/N(θ̂; θ0, s²), m(θ̂) = Σ w_j N(θ̂; μ_j, s² + τ_j²). For one component centred at μ:
 *   ln Λ = −½ ln(1 + r) + (θ̂ − θ0)²/(2s²) − (θ̂ − μ)²/(2(s² + τ²)),   r = τ²/s²,
 * which for μ = θ0 is {@link logMixtureLikelihoodRatio}. Any fixed mixing distribution keeps Λ a
 * nonnegative martingale under θ0 (Robbins 1970; Howard et al. 2021 §3), so its centre may come from a prior.
 */
export function logFixedMixtureLikelihoodRatio(estimate: number, standardError: number, components: readonly NormalComponent[], nullValue: number): number {
  const s2 = standardError * standardError;
  return logMarginalDensity(estimate, s2, components) + 0.5 * Math.log(2 * Math.PI * s2) + (estimate - nullValue) ** 2 / (2 * s2);
}

/**
 * One look of a fixed mixture: p = min(1, 1/Λ(θ0)) and the (1 − α) confidence set {θ0 : Λ(θ0) < 1/α} =
 * θ̂ ± s·√(2(ln(1/α) − ln m(θ̂) − ½ ln(2πs²))) (m does not depend on θ0); for one component
 * θ̂ ± s·√(2 ln(1/α) + ln(1 + r) + (θ̂ − μ)²/(s² + τ²)): narrow when the data land where the mixture
 * has its mass, wider when they land far from it.
 */
export function fixedMixtureLook(estimate: number, standardError: number, components: readonly NormalComponent[], alpha: number, nullValue: number): MixtureLook {
  const s2 = standardError * standardError;
  const logDensity = logMarginalDensity(estimate, s2, components);
  const logLikelihoodRatio = logDensity + 0.5 * Math.log(2 * Math.PI * s2) + (estimate - nullValue) ** 2 / (2 * s2);
  const halfWidth = standardError * Math.sqrt(2 * (-Math.log(alpha) - logDensity - 0.5 * Math.log(2 * Math.PI * s2)));
  return { logLikelihoodRatio, pValue: Math.min(1, Math.exp(-logLikelihoodRatio)), lower: estimate - halfWidth, upper: estimate + halfWidth };
}

/** A (1 − α) always-valid interval for an effect at one look, with its always-valid p-value against 0. */
export interface AlwaysValidInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** min(1, 1/Λ) against effect 0 (not yet a running minimum over looks). */
  pValue: number;
}

/**
 * Robbins' normal-mixture confidence sequence at one look for an asymptotically normal estimate
 * θ̂ with standard error s (a difference of means, of ratio metrics, of log quantiles...):
 * θ̂ ± s·√((1 + 1/r)(ln(1 + r) + 2 ln(1/α))), r = τ²/s², where τ² is the mixing variance, best
 * set to the squared effect size one wants to detect. The intervals hold simultaneously over all
 * looks with probability ≥ 1 − α (Ville's inequality; asymptotically, as s is estimated), so
 * acting on the first look that excludes a value keeps the error rate ≤ α however often one looks.
 * Reference: Robbins (1970); Johari, Koomen, Pekelis & Walsh (2022), "Always valid inference",
 * Operations Research 70(3); Howard, Ramdas, McAuliffe & Sekhon (2021), Ann. Statist. 49(2).
 * @throws {InvalidArgumentError} on a non-finite estimate, a standard error or mixing variance
 *   that is not positive, or alpha outside (0, 1).
 * @example
 * const i = normalMixtureInterval({ estimate: 0.02, standardError: 0.005, mixingVariance: 1e-4, alpha: 0.05 });
 * [i.lower.toFixed(4), i.upper.toFixed(4)] // ['0.0046', '0.0354']
 */
export function normalMixtureInterval(options: { estimate: number; standardError: number; mixingVariance: number; alpha: number }): AlwaysValidInterval {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {estimate, standardError, mixingVariance, alpha}');
  const { estimate, standardError, mixingVariance, alpha } = options;
  assertFiniteNumber('options.estimate', estimate);
  assertPositive('options.standardError', standardError);
  assertPositive('options.mixingVariance', mixingVariance);
  assertOpenUnitInterval('options.alpha', alpha);
  const look = mixtureLook(estimate, standardError, mixingVariance / standardError ** 2, alpha, 0);
  return { estimate, lower: look.lower, upper: look.upper, pValue: look.pValue };
}

/**
 * Probability that the {@link normalMixtureInterval} excludes 0 on the side of a true effect
 * δ > 0 at a look where the standard error is s: Φ(δ/s − w), w = √((1 + 1/r)(ln(1 + r) + 2 ln(1/α))),
 * r = τ²/s² (normal approximation). The interval may exclude 0 at an earlier look too, so this is a
 * lower bound on the probability of detection by that look: the power a monitoring design states.
 * @throws {InvalidArgumentError} as {@link normalMixtureInterval}, or a negative effect.
 * @example normalMixturePower({ effect: 0.02, standardError: 0.005, mixingVariance: 1e-4, alpha: 0.05 }).toFixed(4) // '0.8206'
 */
export function normalMixturePower(options: { effect: number; standardError: number; mixingVariance: number; alpha: number }): number {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {effect, standardError, mixingVariance, alpha}');
  const { effect, standardError, mixingVariance, alpha } = options;
  assertFiniteNumber('options.effect', effect);
  if (effect < 0) throw new InvalidArgumentError('options.effect', effect, 'expected an effect >= 0 (the harmful direction)');
  assertPositive('options.standardError', standardError);
  assertPositive('options.mixingVariance', mixingVariance);
  assertOpenUnitInterval('options.alpha', alpha);
  return normalCdf(effect / standardError - mixtureHalfWidth(mixingVariance / standardError ** 2, alpha));
}

/**
 * One-sided look ('greater': lower bound only; 'less': upper only) with the one-sided boundary
 * s·√(2(1 + 1/r)·ln(1 + √(1 + r)/(2α))) (Waudby-Smith et al. 2023, one-sided Gaussian mixture), and
 * the α at which that bound reaches 0 as p-value: √(1 + r)/(2(e^L − 1)), L = z²r/(2(1 + r)), or 1
 * when the estimate lies on the null side. The likelihood ratio reported is the two-sided one.
 */
export function oneSidedMixtureLook(estimate: number, standardError: number, ratio: number, alpha: number, alternative: 'greater' | 'less'): MixtureLook {
  const z = estimate / standardError;
  const halfWidth = standardError * Math.sqrt(2 * (1 + 1 / ratio) * Math.log1p(Math.sqrt(1 + ratio) / (2 * alpha)));
  const directed = alternative === 'greater' ? z : -z;
  const pValue = directed <= 0 ? 1 : Math.min(1, Math.sqrt(1 + ratio) / (2 * Math.expm1((directed * directed * ratio) / (2 * (1 + ratio)))));
  return {
    logLikelihoodRatio: logMixtureLikelihoodRatio(z, ratio),
    pValue,
    lower: alternative === 'greater' ? estimate - halfWidth : -Infinity,
    upper: alternative === 'less' ? estimate + halfWidth : Infinity,
  };
}
