import { InvalidArgumentError } from '../../core/errors.js';
import { monteCarloSetup, type MonteCarloOptions } from './monteCarlo.js';
import type { Posterior } from './posterior.js';
import { assertSameKind } from './probabilityBBeatsA.js';

/**
 * Posterior probability that each of k arms has the highest metric, P(θ_i = max_j θ_j)
 * = ∫ f_i(x) ∏_{j≠i} F_j(x) dx, estimated by Monte Carlo: `nDraws` joint draws (seeded
 * {@link Random}) and the share of draws each arm wins. Standard error √(p(1−p)/nDraws). These are
 * also the Thompson-sampling allocation probabilities (Scott 2010, "A modern Bayesian look at the
 * multi-armed bandit").
 *
 * @returns one probability per arm, in input order, summing to 1.
 * @throws {InvalidArgumentError} for fewer than two posteriors, posteriors of mixed kinds, or
 *   nDraws not an integer ≥ 1.
 * @example
 * const arms = [10, 12, 15].map((s) => betaBinomialPosterior({ successes: s, trials: 100 }));
 * probabilityBest(arms, { nDraws: 10000, seed: 3 }); // [0.0953, 0.2394, 0.6653]
 */
export function probabilityBest(posteriors: readonly Posterior[], options: MonteCarloOptions = {}): number[] {
  if (!Array.isArray(posteriors) || posteriors.length < 2) {
    throw new InvalidArgumentError('posteriors', posteriors, 'expected an array of at least two posteriors');
  }
  for (let i = 1; i < posteriors.length; i++) assertSameKind(posteriors[0], posteriors[i], `posteriors[${i}]`);
  const { nDraws, rng } = monteCarloSetup(options);
  const wins = new Float64Array(posteriors.length);
  for (let d = 0; d < nDraws; d++) {
    let bestArm = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < posteriors.length; i++) {
      const value = posteriors[i].sample(rng);
      if (value > bestValue) {
        bestValue = value;
        bestArm = i;
      }
    }
    wins[bestArm]++;
  }
  return Array.from(wins, (w) => w / nDraws);
}
