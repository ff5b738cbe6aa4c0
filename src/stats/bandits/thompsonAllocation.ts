import { InvalidArgumentError } from '../../core/errors.js';
import { assertPositive, assertProbability, assertWorkSize, checkChoice, checkOptions } from '../../core/validate.js';
import { betaBinomialPosterior, checkBetaPrior, type BetaPrior } from '../bayesian/betaBinomialPosterior.js';
import { gaussianPosterior } from '../bayesian/gaussianPosterior.js';
import type { Posterior } from '../bayesian/posterior.js';
import { probabilityBBeatsA } from '../bayesian/probabilityBBeatsA.js';
import { probabilityBest } from '../bayesian/probabilityBest.js';

/** Per-arm sums of a metric (one value per unit), as the event store's sufficient statistics give them. */
export interface ArmRewardSums {
  /** Units. */
  n: number;
  sum: number;
  sumSquares: number;
  /** Units with a value > 0 (the conversions of a 0/1 metric). */
  successes: number;
}

/** Options of {@link thompsonAllocation}. */
export interface ThompsonAllocationOptions {
  /** `'thompson'` (default: regret) or `'topTwoThompson'` (best-arm identification, Russo 2016). */
  policy?: 'thompson' | 'topTwoThompson';
  /** `'bernoulli'` (default: Beta posteriors of conversion rates) or `'gaussian'` (Normal posteriors of means). */
  reward?: 'bernoulli' | 'gaussian';
  /** Beta prior of every arm (Bernoulli), default {alpha: 1, beta: 1}. */
  prior?: BetaPrior;
  /** Top-two Thompson: probability β of playing the leader rather than the challenger, default 0.5. */
  topTwoBeta?: number;
  /** Minimum weight of every arm (minimum exploration), in [0, 1/k]; default 0. */
  floor?: number;
  /** More than two arms: Monte Carlo draws for P(best) (default 100 000) and their seed (default 1). */
  nDraws?: number;
  seed?: number;
}

/** What {@link thompsonAllocation} computed. */
export interface ThompsonAllocation {
  /** Posterior P(arm has the largest mean), per arm. */
  probabilityBest: number[];
  /** Allocation weights per arm, summing to 1, each >= the floor. */
  weights: number[];
  /** Whether P(best) is exact (two arms) rather than seeded Monte Carlo. */
  exact: boolean;
}

function armPosteriors(arms: readonly ArmRewardSums[], reward: 'bernoulli' | 'gaussian', prior: BetaPrior): Posterior[] | null {
  return reward === 'bernoulli'
    ? arms.map((arm) => betaBinomialPosterior({ successes: arm.successes, trials: arm.n, prior }))
    : arms.some((arm) => arm.n < 2 || sampleVariance(arm) <= 0) ? null
      : arms.map((arm) => gaussianPosterior({ n: arm.n, mean: arm.sum / arm.n, variance: sampleVariance(arm) }));
}

function sampleVariance(arm: ArmRewardSums): number {
  return (arm.sumSquares - (arm.sum * arm.sum) / arm.n) / (arm.n - 1);
}

/**
 * Top-two Thompson sampling's allocation from P(best) α (Russo 2016, "Simple Bayesian algorithms for
 * best arm identification", COLT): ψ_i = β·α_i + (1 − β)·Σ_{j≠i} α_j·α_i/(1 − α_j), i.e. the leader
 * with probability β, else the best arm of a fresh posterior draw that is not the leader. When one
 * arm has α_j = 1 (no draw where another wins) the challenger is chosen in proportion to P(θ_i > θ_j).
 */
function topTwoWeights(alpha: readonly number[], beta: number, posteriors: readonly Posterior[]): number[] {
  const psi = alpha.map((a) => beta * a);
  alpha.forEach((leader, j) => {
    if (leader === 0) return;
    const others = alpha.map((a, i) => (i === j ? 0 : leader < 1 ? a : probabilityBBeatsA(posteriors[j], posteriors[i])));
    const total = others.reduce((s, x) => s + x, 0);
    others.forEach((x, i) => {
      if (i !== j) psi[i] += (1 - beta) * leader * (total > 0 ? x / total : 1 / (alpha.length - 1));
    });
  });
  return psi;
}

/**
 * Thompson-sampling allocation weights from per-arm sums: the posterior probability that each arm
 * has the largest mean, α_i = P(θ_i = max_j θ_j), is the probability Thompson sampling plays arm i
 * (Scott 2010; Russo et al. 2018, "A Tutorial on Thompson Sampling"); top-two Thompson plays ψ
 * (see Russo 2016) for best-arm identification, whose optimal sampling proportions (Kaufmann, Cappé &
 * Garivier 2016, JMLR 17:1) it approaches with β = 1/2 for two arms. A floor f mixes in uniform exploration:
 * weight_i = f + (1 − k·f)·ψ_i, so every arm keeps at least f, as the inverse-propensity analysis
 * of adaptive experiments needs (Hadad et al. 2021). Posteriors: Beta(α₀ + successes, β₀ + failures)
 * (Bernoulli) or Normal(mean, s²/n) (Gaussian, large-sample; equal weights until every arm has two
 * units with varying values). P(best) is exact for two arms (probabilityBBeatsA) and seeded Monte
 * Carlo (probabilityBest) for more, so the same sums and seed always give the same weights.
 * @throws {InvalidArgumentError} for fewer than two arms, bad sums (successes > n...), a floor
 *   outside [0, 1/k], β outside [0, 1], or a bad policy, reward, prior or nDraws.
 * @example
 * thompsonAllocation([{ n: 100, sum: 10, sumSquares: 10, successes: 10 }, { n: 100, sum: 15, sumSquares: 15, successes: 15 }], { floor: 0.05 }).weights
 * // [0.1820445890594305, 0.8179554109405696]
 */
export function thompsonAllocation(arms: readonly ArmRewardSums[], options: ThompsonAllocationOptions = {}): ThompsonAllocation {
  options = checkOptions('options', options);
  if (!Array.isArray(arms) || arms.length < 2) throw new InvalidArgumentError('arms', arms, 'expected the sums of at least two arms');
  const policy = checkChoice('options.policy', options.policy, ['thompson', 'topTwoThompson'] as const, 'thompson');
  const reward = checkChoice('options.reward', options.reward, ['bernoulli', 'gaussian'] as const, 'bernoulli');
  const { floor = 0, topTwoBeta = 0.5, nDraws = 100_000, seed = 1 } = options;
  const k = arms.length;
  assertProbability('options.floor', floor);
  if (floor > 1 / k) throw new InvalidArgumentError('options.floor', floor, `expected at most 1/${k} (one over the number of arms)`);
  assertProbability('options.topTwoBeta', topTwoBeta);
  assertWorkSize('options.nDraws', nDraws, 1, 100_000_000);
  const prior = checkBetaPrior('options.prior', options.prior);
  arms.forEach((arm, i) => {
    if (typeof arm !== 'object' || arm === null) throw new InvalidArgumentError(`arms[${i}]`, arm, 'expected {n, sum, sumSquares, successes}');
    for (const field of ['n', 'sum', 'sumSquares', 'successes'] as const) {
      if (!Number.isFinite(arm[field])) throw new InvalidArgumentError(`arms[${i}].${field}`, arm[field], 'expected a finite number');
    }
    if (arm.n > 0) assertPositive(`arms[${i}].n`, arm.n);
  });
  const posteriors = armPosteriors(arms, reward, prior);
  let alpha: number[];
  if (posteriors === null) alpha = arms.map(() => 1 / k);
  else if (k === 2) {
    const second = probabilityBBeatsA(posteriors[0], posteriors[1]);
    alpha = [1 - second, second];
  } else alpha = probabilityBest(posteriors, { nDraws, seed });
  const psi = policy === 'topTwoThompson' && posteriors !== null ? topTwoWeights(alpha, topTwoBeta, posteriors) : alpha;
  return { probabilityBest: alpha, weights: psi.map((p) => floor + (1 - k * floor) * p), exact: k === 2 || posteriors === null };
}
