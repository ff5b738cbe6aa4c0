import type { ConfidenceInterval } from '../core/htest.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { linearQuantile } from '../core/quantile.js';
import { monteCarloSetup, type MonteCarloOptions } from './monteCarlo.js';
import type { Posterior } from './posterior.js';
import { assertSameKind } from './probabilityBBeatsA.js';

export interface LiftOptions extends MonteCarloOptions {
  /** Credible level of the equal-tailed interval (default 0.95). */
  level?: number;
}

/** Equal-tailed credible interval of the relative lift θ_B/θ_A − 1, plus its posterior median. */
export interface LiftInterval extends ConfidenceInterval {
  median: number;
}

/**
 * Credible interval for the relative lift θ_B/θ_A − 1 by Monte Carlo: `nDraws` independent draws
 * from each posterior (seeded {@link Random}), the lift computed per draw, and the (1 − level)/2
 * and (1 + level)/2 sample quantiles (linear interpolation) reported. The Monte Carlo error of a
 * bound is about √(p(1−p)/nDraws)/density at the bound. For Normal posteriors whose mass reaches
 * θ_A ≤ 0 the ratio is not meaningful; report the absolute difference instead.
 *
 * @throws {InvalidArgumentError} for posteriors of different kinds, a level outside (0, 1), or
 *   nDraws not an integer ≥ 1.
 * @example
 * const a = betaBinomialPosterior({ successes: 100, trials: 1000 });
 * const b = betaBinomialPosterior({ successes: 130, trials: 1000 });
 * liftCredibleInterval(a, b, { seed: 7 });
 * // { lower: 0.01806820818613836, upper: 0.6630026145677662, level: 0.95, median: 0.2986456035571915 }
 */
export function liftCredibleInterval(postA: Posterior, postB: Posterior, options: LiftOptions = {}): LiftInterval {
  assertSameKind(postA, postB);
  const level = checkConfidenceLevel(options.level, 'options.level');
  const { nDraws, rng } = monteCarloSetup(options);
  const lifts = new Float64Array(nDraws);
  for (let i = 0; i < nDraws; i++) lifts[i] = postB.sample(rng) / postA.sample(rng) - 1;
  lifts.sort();
  return {
    lower: linearQuantile(lifts, (1 - level) / 2),
    upper: linearQuantile(lifts, (1 + level) / 2),
    level,
    median: linearQuantile(lifts, 0.5),
  };
}
