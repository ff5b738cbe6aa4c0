/**
 * Robbins' (1970) normal-mixture boundary, shared by the mSPRT and the asymptotic confidence
 * sequence. For an estimate θ̂ ~ N(θ, s²) whose score is a Gaussian process in information 1/s², mixing
 * the likelihood ratio over θ ~ N(θ0, τ²) gives the nonnegative martingale
 *   Λ = (1 + r)^(−1/2) · exp( z² r / (2(1 + r)) ),   z = (θ̂ − θ0)/s,   r = τ²/s²,
 * and Ville's inequality P(sup Λ ≥ 1/α) ≤ α makes 1/Λ an always-valid p-value and
 *   θ̂ ± s·√((1 + 1/r)(ln(1 + r) + 2 ln(1/α)))
 * a (1 − α) confidence sequence.
 */

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
