import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';
import { betaCdf } from '../core/distributions.js';
import { betaExpectation } from './betaDistribution.js';
import type { BetaPosterior } from './posterior.js';
import { integrate } from './quadrature.js';

/** How arm `index` compares with the best of the other arms, M = max_{j≠i} θ_j. */
export interface ArmLossSummary {
  /** P(θ_i ≥ θ_j for every j). */
  probabilityBest: number;
  /** E[θ_i − M]. */
  expectedDifference: number;
  /** E[max(M − θ_i, 0)]: the expected loss of shipping arm i. */
  expectedLoss: number;
  /**
   * E[θ_i − M | θ_i < M] (≤ 0): the loss given that arm i is not the best, Spotify confidence's
   * "potential loss" = −expectedLoss/(1 − probabilityBest).
   */
  conditionalLoss: number;
}

/** Cut points where a product of Beta CDFs changes fast: each mean ± 2^k sd, inside (0, 1). */
function cutPoints(posteriors: readonly BetaPosterior[]): number[] {
  const cuts = new Set<number>([0, 1]);
  for (const p of posteriors) {
    const sd = Math.sqrt((p.alpha * p.beta) / ((p.alpha + p.beta) ** 2 * (p.alpha + p.beta + 1)));
    for (let k = 0; k <= 32; k = k === 0 ? 1 : k * 2) {
      for (const x of [p.mean - k * sd, p.mean + k * sd]) if (x > 0 && x < 1) cuts.add(x);
    }
  }
  return [...cuts].sort((u, v) => u - v);
}

/** E[max_j θ_j] over `posteriors` = ∫₀¹ (1 − Π_j F_j(x)) dx. */
function expectedMaximum(posteriors: readonly BetaPosterior[]): number {
  return integrate((x) => 1 - posteriors.reduce((product, p) => product * betaCdf(x, p.alpha, p.beta), 1), cutPoints(posteriors), 1e-14, 1e-12);
}

/**
 * Exact comparison of one arm with the best of k − 1 other arms, for independent Beta posteriors
 * (conversion rates): P(best) = E_i[Π_{j≠i} F_j(θ_i)], E[M] = ∫(1 − Π_{j≠i}F_j), and the expected
 * loss E[max(M − θ_i, 0)] = E[max(θ_1, …, θ_k)] − E[θ_i], each a one-dimensional integral by adaptive
 * quadrature. Spotify's confidence (BetaBinomial.multiple_difference_joint) estimates the same
 * quantities from posterior draws; its "potential loss" is {@link ArmLossSummary.conditionalLoss}.
 *
 * Reference: Stucchio (2015) "Bayesian A/B Testing at VWO"; Scott (2015) "Multi-armed bandit
 * experiments in the online service economy", ASMBI 31(1).
 *
 * @throws {InvalidArgumentError} for fewer than 2 posteriors, a non-Beta posterior, or a bad index.
 * @example
 * const post = (s: number, n: number) => betaBinomialPosterior({ successes: s, trials: n, prior: { alpha: 0.5, beta: 0.5 } });
 * const arms = [post(500, 1009), post(42, 104), post(1005, 1502), post(50, 100), post(4, 10), post(100, 150)];
 * const r = expectedLossAcrossArms(arms, 2);
 * [r.probabilityBest.toFixed(4), r.conditionalLoss.toFixed(4)]; // ['0.5073', '-0.0325']
 */
export function expectedLossAcrossArms(posteriors: readonly BetaPosterior[], index: number): ArmLossSummary {
  if (!Array.isArray(posteriors) || posteriors.length < 2) throw new InvalidArgumentError('posteriors', posteriors, 'expected an array of at least 2 Beta posteriors');
  posteriors.forEach((p, i) => {
    if (p?.kind !== 'beta') throw new InvalidArgumentError(`posteriors[${i}].kind`, p?.kind, "expected a Beta posterior (kind 'beta')");
  });
  assertInteger('index', index, 0);
  if (index >= posteriors.length) throw new InvalidArgumentError('index', index, `expected an arm index below ${posteriors.length}`);
  const arm = posteriors[index];
  const others = posteriors.filter((_, j) => j !== index);
  const probabilityBest = betaExpectation(arm.alpha, arm.beta, (x) => others.reduce((product, p) => product * betaCdf(x, p.alpha, p.beta), 1));
  const expectedLoss = Math.max(0, expectedMaximum(posteriors) - arm.mean);
  const expectedDifference = arm.mean - expectedMaximum(others);
  return {
    probabilityBest,
    expectedDifference,
    expectedLoss,
    conditionalLoss: probabilityBest >= 1 ? 0 : -expectedLoss / (1 - probabilityBest),
  };
}
