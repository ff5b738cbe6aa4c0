import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertPositive, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import type { ConfidenceInterval } from '../core/htest.js';
import { normalCdf, normalPdf, normalQuantile, normalSf } from '../core/distributions.js';
import type { SampleSummary } from '../core/summary.js';
import { armMoments } from '../abtest/armMoments.js';
import { ratioStandardError, requireNonZeroControl } from '../abtest/lift.js';

/** Normal prior on the effect (relative or absolute, matching `scale`). */
export interface EffectPrior {
  mean: number;
  variance: number;
}

export interface GaussianEffectPosteriorOptions {
  /** 'relative' (default, gbstats): (B − A)/|A|; 'absolute': B − A. */
  scale?: 'relative' | 'absolute';
  /** Normal prior on the effect, or 'flat' (default: the posterior is the sampling distribution). */
  prior?: EffectPrior | 'flat';
  /** Credible level of `ci`, default 0.95. */
  credibleLevel?: number;
}

export interface GaussianEffectPosterior {
  scale: 'relative' | 'absolute';
  /** Posterior mean of the effect. */
  mean: number;
  /** Posterior standard deviation. */
  sd: number;
  /** Equal-tailed credible interval. */
  ci: ConfidenceInterval;
  /** P(effect > 0 | data). */
  chanceToWin: number;
  /**
   * Expected loss of each decision on the effect's scale: shipping control loses E[max(effect, 0)],
   * shipping treatment loses E[max(−effect, 0)].
   */
  risk: { control: number; treatment: number };
}

/**
 * Posterior of the treatment effect under a normal approximation, as GrowthBook's gbstats
 * (EffectBayesianABTest) computes it: the data contribute the effect estimate d̂ (relative
 * (B̄ − Ā)/|Ā| with its delta-method variance, or B̄ − Ā) with variance v; a Normal(m₀, v₀) prior on
 * the effect gives the posterior Normal((d̂/v + m₀/v₀)/(1/v + 1/v₀), 1/(1/v + 1/v₀)). Chance to win
 * P(effect > 0) and risks E[max(±effect, 0)] = ±μΦ(±μ/σ) + σφ(μ/σ) follow in closed form.
 * Convention: this is gbstats' relative-scale chance to win and risk; ablab's exact Beta model for
 * conversion rates ({@link probabilityBBeatsA}, {@link expectedLoss}) works on the absolute scale
 * with Beta posteriors per arm and agrees with it as the arms grow.
 *
 * References: GrowthBook gbstats bayesian/tests.py (EffectBayesianABTest, get_risk);
 * Gelman et al. (2013) Bayesian Data Analysis, 3rd ed., §2.5.
 *
 * @throws {InsufficientDataError} for empty arms, a mean arm with n < 2, or a zero control mean on the relative scale.
 * @throws {InvalidArgumentError} for a bad summary, prior or option, or zero variance of the estimate.
 * @example
 * const a = MeanStats.fromSums(10, 100, 1002.25), b = MeanStats.fromSums(10, 105, 1111.5);
 * const post = gaussianEffectPosterior(a, b, { prior: { mean: 0.1, variance: 0.1 } });
 * [post.mean.toFixed(5), post.ci.lower.toFixed(5), post.ci.upper.toFixed(5), post.chanceToWin.toFixed(5)]; // ['0.05063', '-0.01893', '0.12019', '0.92315']
 */
export function gaussianEffectPosterior(statsA: SampleSummary, statsB: SampleSummary, options: GaussianEffectPosteriorOptions = {}): GaussianEffectPosterior {
  const scale = checkChoice('options.scale', options.scale, ['relative', 'absolute'] as const, 'relative');
  const level = checkConfidenceLevel(options.credibleLevel, 'options.credibleLevel');
  const prior = options.prior ?? 'flat';
  if (prior !== 'flat') {
    if (typeof prior !== 'object' || prior === null) throw new InvalidArgumentError('options.prior', prior, "expected 'flat' or {mean, variance}");
    assertFiniteNumber('options.prior.mean', prior.mean);
    assertPositive('options.prior.variance', prior.variance);
  }
  const a = armMoments('statsA', statsA);
  const b = armMoments('statsB', statsB);
  let estimate: number, variance: number;
  if (scale === 'relative') {
    requireNonZeroControl(a);
    estimate = (b.mean - a.mean) / Math.abs(a.mean);
    variance = ratioStandardError(a, b) ** 2;
  } else {
    estimate = b.mean - a.mean;
    variance = a.varianceOfMean + b.varianceOfMean;
  }
  if (!(variance > 0)) throw new InvalidArgumentError('statsA', statsA, 'the effect estimate has zero variance: both arms are constant');
  const precision = 1 / variance + (prior === 'flat' ? 0 : 1 / prior.variance);
  const mean = prior === 'flat' ? estimate : (estimate / variance + prior.mean / prior.variance) / precision;
  const sd = Math.sqrt(1 / precision);
  const z = normalQuantile(1 - (1 - level) / 2);
  const standardized = mean / sd;
  return {
    scale,
    mean,
    sd,
    ci: { lower: mean - z * sd, upper: mean + z * sd, level },
    chanceToWin: normalSf(-standardized),
    risk: {
      control: mean * normalCdf(standardized) + sd * normalPdf(standardized),
      treatment: -mean * normalCdf(-standardized) + sd * normalPdf(standardized),
    },
  };
}
