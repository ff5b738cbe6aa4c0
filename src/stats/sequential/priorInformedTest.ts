import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertPositive } from '../../core/validate.js';
import { gaussianEffectPosterior, type EffectPrior, type GaussianEffectPosterior } from '../bayesian/gaussianEffectPosterior.js';
import { msprt, type MsprtResult, type TwoArmLook } from './msprt.js';

export interface PriorInformedTestOptions {
  /** Cumulative summaries of both arms at each look, in time order (a = control, b = treatment). */
  looks: readonly TwoArmLook[];
  /** Normal prior on the absolute online effect b − a, e.g. from {@link offlineEffectPrior}. */
  prior: EffectPrior;
  /** Level: P(deciding for either arm | no effect) ≤ alpha whatever the prior. Default 0.05. */
  alpha?: number;
  /**
   * Weight w in (0, 1] of the prior in the mixing distribution; the rest, 1 − w, goes to N(0, μ² + σ₀²),
   * the classic mSPRT's mixture with the prior's scale but no direction. Default 1 (prior only).
   * w < 1 keeps the test able to stop for effects the prior rules out (harm) at a bounded cost when
   * the prior is right: Λ ≥ w·Λ_prior, so it needs at most ln(1/w) more log-evidence.
   */
  priorWeight?: number;
}

/** The always-valid decision, its error rate, and the Bayesian summary under the same prior. */
export interface PriorInformedTest extends MsprtResult {
  /** 'treatment' / 'control' once the always-valid interval excludes 0 on that side, else 'continue'. */
  decision: 'treatment' | 'control' | 'continue';
  /** The prior used as mixing distribution. */
  prior: EffectPrior;
  /** Posterior of the effect at the last look (absolute scale) for reporting magnitude and risk. */
  posterior: GaussianEffectPosterior;
}

/**
 * Online A/B decision that uses an offline prior for speed without trusting it for validity: the
 * mixture SPRT whose mixing distribution is the prior N(μ, σ₀²) on the effect θ = b − a,
 *   Λ_k = N(θ̂_k; μ, s_k² + σ₀²) / N(θ̂_k; 0, s_k²),
 * a nonnegative martingale under θ = 0 for any fixed mixing distribution, so by Ville's inequality
 * P(Λ_k ≥ 1/α at any look) ≤ α: the type I error is at most α however wrong the prior is and however
 * often one looks (asymptotically, with plug-in variances). The prior only changes power: a prior
 * centred near the true effect reaches 1/α sooner than the classic mSPRT centred at 0; a wrong one
 * decides later (never falsely more often). The decision is the side of the running-intersection
 * always-valid interval θ̂ ± s·√(2 ln(1/α) + ln(1 + σ₀²/s²) + (θ̂ − μ)²/(s² + σ₀²)) once it excludes 0,
 * so the chance of deciding for the wrong arm is also ≤ α. The posterior (Normal–Normal,
 * {@link gaussianEffectPosterior}) is reported for magnitude and expected loss; unlike the decision,
 * its credible interval has no frequentist guarantee when the prior is wrong.
 *
 * References: Robbins (1970) "Statistical methods related to the law of the iterated logarithm";
 * Howard, Ramdas, McAuliffe & Sekhon (2021) "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences", Ann. Statist. 49(2) (mixtures with any mixing distribution); Johari, Koomen, Pekelis &
 * Walsh (2017/2022) "Always valid inference", Operations Research 70(3).
 *
 * @throws {InvalidArgumentError} for a missing or bad prior (non-finite mean, variance not > 0), a priorWeight
 *   outside (0, 1], and as {@link msprt}.
 * @throws {InsufficientDataError} as {@link msprt}.
 * @example
 * const r = priorInformedTest({ prior: { mean: 0.2, variance: 0.01 }, looks: [
 *   { a: { n: 100, mean: 0, variance: 1 }, b: { n: 100, mean: 0.15, variance: 1 } },
 *   { a: { n: 200, mean: 0, variance: 1 }, b: { n: 200, mean: 0.3, variance: 1 } },
 * ] });
 * [r.stoppedAt, r.decision, r.pValue.toFixed(4)]; // [2, 'treatment', '0.0202']
 */
export function priorInformedTest(options: PriorInformedTestOptions): PriorInformedTest {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {looks, prior, alpha?}');
  const { prior, looks, alpha, priorWeight = 1 } = options;
  if (typeof prior !== 'object' || prior === null) throw new InvalidArgumentError('options.prior', prior, 'expected {mean, variance}');
  assertFiniteNumber('options.prior.mean', prior.mean);
  assertPositive('options.prior.variance', prior.variance);
  assertFiniteNumber('options.priorWeight', priorWeight);
  if (!(priorWeight > 0 && priorWeight <= 1)) throw new InvalidArgumentError('options.priorWeight', priorWeight, 'expected a weight in (0, 1]');
  const mixture = [{ weight: priorWeight, mean: prior.mean, variance: prior.variance }];
  if (priorWeight < 1) mixture.push({ weight: 1 - priorWeight, mean: 0, variance: prior.mean ** 2 + prior.variance });
  const result = msprt({ looks, alpha, mixture });
  const last = looks[looks.length - 1];
  const ci = result.ci!;
  return {
    ...result,
    decision: ci.lower > 0 ? 'treatment' : ci.upper < 0 ? 'control' : 'continue',
    prior: { mean: prior.mean, variance: prior.variance },
    posterior: gaussianEffectPosterior(last.a, last.b, { scale: 'absolute', prior }),
  };
}
