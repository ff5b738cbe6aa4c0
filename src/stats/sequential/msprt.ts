import { InvalidArgumentError } from '../../core/errors.js';
import { makeTestResult, type TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { assertFiniteNumber, assertOpenUnitInterval, assertPositive } from '../../core/validate.js';
import { checkMixture, fixedMixtureLook, mixtureLook, mixtureVariance, type NormalComponent } from './normalMixture.js';
import { differenceEstimate } from './summaries.js';

/** Cumulative sufficient statistics of both arms at one peek. */
export interface TwoArmLook {
  a: SampleSummary;
  b: SampleSummary;
}

export interface MsprtOptions {
  /** Cumulative summaries at each peek, in time order (at least one). */
  looks: readonly TwoArmLook[];
  /** Variance τ² of the normal mixing distribution of the effect b − a (squared units of the data). Required unless `mixture` is given. */
  mixingVariance?: number;
  /** Level of the decision and of the always-valid confidence interval. Default 0.05. */
  alpha?: number;
  /** Effect under H0. Default 0. */
  nullValue?: number;
  /**
   * Centre μ of the mixing distribution N(μ, τ²), fixed before the data (e.g. an offline prior,
   * {@link priorInformedTest}). Default: the tested value itself (the classic mSPRT, re-centred at
   * every θ0 of the interval). Validity holds for any μ; μ near the true effect makes it decide sooner.
   */
  mixingMean?: number;
  /**
   * A fixed mixing distribution Σ w_j N(μ_j, τ_j²) (weights > 0 summing to 1) instead of
   * N(mixingMean, mixingVariance), e.g. a prior plus a component centred at 0 for robustness.
   */
  mixture?: readonly NormalComponent[];
}

/** Details of {@link msprt}: the mixing variance τ², the last standard error and the number of peeks. */
/** mixingVariance is the variance of the whole mixing distribution when a `mixture` is given. */
export type MsprtDetails = { mixingVariance: number; mixingMean?: number; standardError: number; peeks: number };

export interface MsprtResult extends TestResult<MsprtDetails> {
  /** Always-valid p-value after each peek: the running minimum of 1/Λ_k, non-increasing by construction. */
  pValues: number[];
  /** Mixture likelihood ratio Λ_k at each peek. */
  likelihoodRatios: number[];
  /** First (1-based) peek with p ≤ α, or null. Stopping there keeps the type I error ≤ α. */
  stoppedAt: number | null;
}

/**
 * Mixture sequential probability ratio test (mSPRT) for the difference of two means, as deployed
 * by Optimizely (Johari, Koomen, Pekelis & Walsh 2017, "Peeking at A/B tests"; Operations Research
 * 2022, "Always valid inference"). With θ̂_k = mean_b − mean_a, s_k² = var_a/n_a + var_b/n_b and
 * r_k = τ²/s_k², the mixture likelihood ratio against H0: θ = θ0 is
 *   Λ_k = (1 + r_k)^(−1/2) · exp( (θ̂_k − θ0)² r_k / (2 s_k² (1 + r_k)) )
 * (for n per arm and known V = 2σ² this is Johari et al.'s √(V/(V + nτ²))·exp(n²τ²θ̂²/(2V(V + nτ²)))).
 * The always-valid p-value is p_k = min(1, p_{k−1}, 1/Λ_k): P(any p_k ≤ α) ≤ α however often one peeks.
 * The always-valid (1 − α) interval is the running intersection of θ̂_k ± s_k√((1 + 1/r_k)(ln(1 + r_k) + 2 ln(1/α))).
 * Sample variances are plugged in for σ², so validity is asymptotic in n (as in Johari et al.).
 * With `mixingMean` μ (or a `mixture`) the mixing distribution is fixed rather than centred at θ0: Λ is
 * the ratio of marginal densities m(θ̂)/N(θ̂; θ0, s²), still a martingale under θ0 for any fixed mixture
 * (Howard et al. 2021), and the interval is θ̂ ± s·√(2 ln(1/α) + ln(1 + r) + (θ̂ − μ)²/(s² + τ²)) for
 * one component (see fixedMixtureLook in normalMixture.ts).
 *
 * @throws {InvalidArgumentError} empty looks, bad summaries (n < 2, NaN, negative variance),
 *   mixingVariance ≤ 0, alpha outside (0, 1), non-finite nullValue.
 * @throws {InsufficientDataError} when both arms have zero variance at a look.
 * @example
 * const r = msprt({ mixingVariance: 1, looks: [
 *   { a: { n: 100, mean: 0, variance: 1 }, b: { n: 100, mean: 0.3, variance: 1 } },
 *   { a: { n: 200, mean: 0, variance: 1 }, b: { n: 200, mean: 0.1, variance: 1 } },
 * ] });
 * r.pValues.map((p) => p.toFixed(4)); // → ['0.7867', '0.7867']
 */
export function msprt(options: MsprtOptions): MsprtResult {
  const { looks, alpha = 0.05, nullValue = 0, mixingMean } = options ?? ({} as MsprtOptions);
  if (!Array.isArray(looks) || looks.length === 0) throw new InvalidArgumentError('options.looks', looks, 'expected a non-empty array of {a, b} summaries');
  assertOpenUnitInterval('options.alpha', alpha);
  assertFiniteNumber('options.nullValue', nullValue);
  if (mixingMean !== undefined) assertFiniteNumber('options.mixingMean', mixingMean);
  const mixture = options.mixture === undefined ? undefined : checkMixture(options.mixture);
  if (mixture === undefined) assertPositive('options.mixingVariance', options.mixingVariance);
  const components = mixture ?? (mixingMean === undefined ? undefined : [{ weight: 1, mean: mixingMean, variance: options.mixingVariance as number }]);
  const mixingVariance = mixture ? mixtureVariance(mixture) : options.mixingVariance as number;
  const pValues: number[] = [];
  const likelihoodRatios: number[] = [];
  let lower = -Infinity, upper = Infinity, pValue = 1;
  let stoppedAt: number | null = null;
  let last = { estimate: 0, standardError: 0 };
  looks.forEach((look, k) => {
    const { estimate, squaredStandardError } = differenceEstimate(look?.a, look?.b, [`options.looks[${k}].a`, `options.looks[${k}].b`]);
    const standardError = Math.sqrt(squaredStandardError);
    const step = components === undefined
      ? mixtureLook(estimate, standardError, mixingVariance / squaredStandardError, alpha, nullValue)
      : fixedMixtureLook(estimate, standardError, components, alpha, nullValue);
    pValue = Math.min(pValue, step.pValue);
    lower = Math.max(lower, step.lower);
    upper = Math.min(upper, step.upper);
    pValues.push(pValue);
    likelihoodRatios.push(Math.exp(step.logLikelihoodRatio));
    if (stoppedAt === null && pValue <= alpha) stoppedAt = k + 1;
    last = { estimate, standardError };
  });
  const final = looks[looks.length - 1];
  const result = makeTestResult({
    method: `Mixture sequential probability ratio test (always-valid${mixture ? `, ${mixture.length}-component fixed mixture` : mixingMean === undefined ? '' : `, mixture centred at ${mixingMean}`})`,
    statistic: likelihoodRatios[likelihoodRatios.length - 1],
    statisticName: 'Lambda',
    pValue,
    alternative: 'two-sided',
    estimate: last.estimate,
    estimateName: 'difference in means (b - a)',
    nullValue,
    ci: { lower, upper, level: 1 - alpha },
    dataName: `${looks.length} peek(s), n_a = ${final.a.n}, n_b = ${final.b.n}`,
    details: { mixingVariance, ...(mixingMean === undefined ? {} : { mixingMean }), standardError: last.standardError, peeks: looks.length },
  });
  return { ...result, pValues, likelihoodRatios, stoppedAt };
}
