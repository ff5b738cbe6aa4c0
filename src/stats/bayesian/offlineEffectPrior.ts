import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertPositive, assertSameLength, checkOptions, toFiniteArray } from '../../core/validate.js';
import { summarize } from '../parametric/sampleSummary.js';
import type { EffectPrior } from './gaussianEffectPosterior.js';

/**
 * The offline comparison of the pair that goes online: per-seed metrics of the model that will be
 * the online control and of the one that will be the online treatment (same seeds, same order, as
 * given to compareModels), or an effect estimate with its standard error computed otherwise.
 */
export type OfflineEvidence =
  | { control: ArrayLike<number>; treatment: ArrayLike<number> }
  | { estimate: number; standardError: number };

export interface OfflineEffectPriorOptions {
  /**
   * Variance of the transfer error: how far the online effect may sit from the mapped offline
   * effect for reasons no number of seeds removes (other population, feedback loops, latency,
   * novelty). Required, > 0: there is no honest default.
   */
  transferVariance: number;
  /**
   * Linear map from the offline effect to the online effect: online = intercept + slope · offline,
   * e.g. fitted on past launches (online lift per point of offline accuracy). `slopeStandardError`
   * is that fit's uncertainty. Default slope 1, intercept 0, slopeStandardError 0 (same metric, same scale).
   */
  mapping?: { slope: number; intercept?: number; slopeStandardError?: number };
}

/** A normal prior on the online effect, with where its mean and variance come from. */
export interface OfflineEffectPrior extends EffectPrior {
  /** The offline effect (treatment − control) and its standard error. */
  offline: { estimate: number; standardError: number; seeds?: number };
  /** The variance's parts: offline sampling (slope²·v), mapping (se_slope²·(δ² + v)), transfer. */
  components: { offline: number; mapping: number; transfer: number };
}

/**
 * Turns an offline comparison of two models into a Normal(mean, variance) prior on their online
 * effect (treatment − control on the online metric). With offline effect δ (the mean over seeds of
 * treatment − control) and its variance v, a mapping online = a + b·offline with slope standard
 * error s_b, and transfer variance τ²_t:
 *   mean = a + b·δ,   variance = b²·v + s_b²·(δ² + v) + τ²_t.
 * From per-seed results, v is the predictive variance of the seed mean under a flat prior,
 * s_d²/n · (n − 1)/(n − 3) (the variance of the scaled t_{n−1}; a plain s_d²/n would understate it with
 * 5 seeds by 2×), so at least 4 seeds are needed.
 *
 * Assumptions, and why the offline effect is not the online effect: (1) the seed variance covers
 * training randomness on a fixed test set only, not the sampling of the test set (for that, pass
 * {estimate, standardError} with the variance of compareTestSamples added); (2) the offline metric
 * (accuracy, log-loss on a held-out set) is a proxy: the mapping to the online metric (click-through,
 * revenue per user) is assumed linear and calibrated elsewhere, and its slope is often well below 1;
 * (3) the online population, its mix of segments and the way users react to the model (position
 * effects, feedback loops, latency, novelty) differ from the test set: their net effect is a transfer
 * error with mean 0 and variance τ²_t, independent of the offline sampling. A prior is only as good as
 * τ²_t: use it with a test whose error rate does not depend on it ({@link priorInformedTest}).
 *
 * References: Gelman et al. (2013) Bayesian Data Analysis §2.5 (normal prior, predictive t variance
 * §3.2); Deng (2015) "Objective Bayesian two sample hypothesis testing for online controlled
 * experiments" (empirical priors from past experiments), WWW '15.
 *
 * @throws {InvalidArgumentError} for bad evidence (NaN, unequal lengths, non-positive standard
 *   error), a transfer variance that is not > 0, or a bad mapping.
 * @throws {InsufficientDataError} for fewer than 4 seeds.
 * @example
 * const prior = offlineEffectPrior(
 *   { control: [0.901, 0.897, 0.905, 0.899, 0.903], treatment: [0.912, 0.906, 0.915, 0.909, 0.911] },
 *   { mapping: { slope: 0.5 }, transferVariance: 1e-5 });
 * [prior.mean.toFixed(4), Math.sqrt(prior.variance).toFixed(5)]; // ['0.0048', '0.00318']
 */
export function offlineEffectPrior(evidence: OfflineEvidence, options: OfflineEffectPriorOptions): OfflineEffectPrior {
  if (typeof evidence !== 'object' || evidence === null) throw new InvalidArgumentError('evidence', evidence, 'expected {control, treatment} per-seed arrays or {estimate, standardError}');
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {transferVariance, mapping?}');
  assertPositive('options.transferVariance', options.transferVariance);
  const { slope = 1, intercept = 0, slopeStandardError = 0 } = checkOptions('options.mapping', options.mapping);
  assertFiniteNumber('options.mapping.slope', slope);
  assertFiniteNumber('options.mapping.intercept', intercept);
  assertFiniteNumber('options.mapping.slopeStandardError', slopeStandardError);
  if (slopeStandardError < 0) throw new InvalidArgumentError('options.mapping.slopeStandardError', slopeStandardError, 'expected a standard error >= 0');

  let offline: OfflineEffectPrior['offline'];
  if ('estimate' in evidence) {
    assertFiniteNumber('evidence.estimate', evidence.estimate);
    assertPositive('evidence.standardError', evidence.standardError);
    offline = { estimate: evidence.estimate, standardError: evidence.standardError };
  } else {
    const control = toFiniteArray('evidence.control', evidence.control);
    const treatment = toFiniteArray('evidence.treatment', evidence.treatment);
    assertSameLength('evidence.control', control, 'evidence.treatment', treatment);
    const n = control.length;
    if (n < 4) throw new InsufficientDataError('evidence.control', n, 'the predictive variance of a seed mean needs at least 4 seeds (or pass {estimate, standardError})');
    const d = summarize('evidence.treatment', treatment.map((t, i) => t - control[i]), 4);
    offline = { estimate: d.mean, standardError: Math.sqrt(((d.variance / n) * (n - 1)) / (n - 3)), seeds: n };
  }
  const v = offline.standardError ** 2;
  const components = {
    offline: slope * slope * v,
    mapping: slopeStandardError ** 2 * (offline.estimate ** 2 + v),
    transfer: options.transferVariance,
  };
  return { mean: intercept + slope * offline.estimate, variance: components.offline + components.mapping + components.transfer, offline, components };
}
